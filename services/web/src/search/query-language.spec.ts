import {
  describeQuery,
  filterText,
  filterTokens,
  highlightTerms,
  parseSearchQuery,
  readSearchQuery,
  withFilter,
  withoutToken,
} from './query-language';

describe('describeQuery', () => {
  it('labels filters and exclusions, not the searched words', () => {
    expect(
      describeQuery('kube #work type:note -type:file is:fav in:"My Projects" -draft -"old notes"'),
    ).toEqual([
      { index: 1, label: '#work', negated: false },
      { index: 2, label: 'type: note', negated: false },
      { index: 3, label: 'not type: file', negated: true },
      { index: 4, label: 'is: favourite', negated: false },
      { index: 5, label: 'in: my projects', negated: false },
      { index: 6, label: 'without: draft', negated: true },
      { index: 7, label: 'without: “old notes”', negated: true },
    ]);
  });

  it('shows a repeated filter once, at its first place', () => {
    expect(describeQuery('type:note x TYPE:notes')).toEqual([
      { index: 0, label: 'type: note', negated: false },
    ]);
  });

  it('has no chips for empty input, plain words or unknown keys', () => {
    expect(describeQuery('')).toEqual([]);
    expect(describeQuery('hello "big world" foo:bar')).toEqual([]);
  });
});

describe('highlightTerms', () => {
  it('lists the positive words and phrases once, OR alternatives included, exclusions and filters left out', () => {
    expect(highlightTerms('Kube "rolling update" kube -draft #work type:note a OR b')).toEqual([
      { kind: 'word', text: 'kube' },
      { kind: 'phrase', text: 'rolling update' },
      { kind: 'word', text: 'a' },
      { kind: 'word', text: 'b' },
    ]);
  });

  it('is empty when nothing is searched as text', () => {
    expect(highlightTerms('type:note #x -y')).toEqual([]);
    expect(highlightTerms('')).toEqual([]);
  });
});

describe('filterText', () => {
  it('spells filters as the parser reads them back', () => {
    expect(filterText({ kind: 'type', type: 'task' })).toBe('type:task');
    expect(filterText({ kind: 'state', state: 'done', negated: true })).toBe('-is:done');
    expect(filterText({ kind: 'tag', tag: 'Kube Ops' })).toBe('#kube-ops');
    expect(filterText({ kind: 'collection', collection: 'My "Big" Projects' })).toBe('in:"My Big Projects"');
    expect(readSearchQuery(filterText({ kind: 'collection', collection: 'a b' }))).toMatchObject([
      { kind: 'collection', collection: 'a b' },
    ]);
  });
});

describe('withFilter', () => {
  it('appends the filter with one space', () => {
    expect(withFilter('kube  ', { kind: 'type', type: 'note' })).toBe('kube type:note');
    expect(withFilter('', { kind: 'tag', tag: 'work' })).toBe('#work');
    expect(withFilter('   ', { kind: 'state', state: 'fav' })).toBe('is:fav');
  });

  it('leaves the query alone when the filter is already there, spelled any way', () => {
    expect(withFilter('kube TYPE:Notes', { kind: 'type', type: 'note' })).toBe('kube TYPE:Notes');
  });

  it('replaces the opposite filter', () => {
    expect(withFilter('-type:note kube', { kind: 'type', type: 'note' })).toBe('kube type:note');
    expect(withFilter('a #x b', { kind: 'tag', tag: 'x', negated: true })).toBe('a b -#x');
  });

  it('adds a second type next to the first (types are alternatives on the server)', () => {
    const query = withFilter('kube type:note', { kind: 'type', type: 'task' });
    expect(query).toBe('kube type:note type:task');
    expect(parseSearchQuery(query).types.include).toEqual(['note', 'task']);
  });

  it('closes an unterminated phrase so the filter is not swallowed by it', () => {
    const query = withFilter('"rolling upd', { kind: 'type', type: 'note' });
    expect(query).toBe('"rolling upd" type:note');
    expect(parseSearchQuery(query).types.include).toEqual(['note']);
  });

  it('works after unicode text', () => {
    expect(withFilter('東京 café', { kind: 'collection', collection: 'Reise Pläne' })).toBe(
      '東京 café in:"Reise Pläne"',
    );
  });
});

describe('withoutToken', () => {
  it('removes one token and the space it leaves', () => {
    expect(withoutToken('kube type:note rolling', 1)).toBe('kube rolling');
    expect(withoutToken('kube type:note', 1)).toBe('kube');
    expect(withoutToken('type:note kube', 0)).toBe('kube');
    expect(withoutToken('type:note', 0)).toBe('');
  });

  it('removes every copy of a repeated filter, but not its opposite', () => {
    expect(withoutToken('type:note a TYPE:notes -type:note', 0)).toBe('a -type:note');
  });

  it('takes the OR that joined the term', () => {
    expect(withoutToken('a OR b c', 2)).toBe('a c');
    expect(withoutToken('a OR b c', 0)).toBe('b c');
  });

  it('removes phrases whole, unterminated ones too, and keeps the text around as typed', () => {
    expect(withoutToken('x "a b"c', 1)).toBe('x c');
    expect(withoutToken('Café "naïve straße', 1)).toBe('Café');
  });

  it('ignores an index that is not there', () => {
    expect(withoutToken('kube', 3)).toBe('kube');
    expect(withoutToken('', 0)).toBe('');
  });

  it('round-trips with withFilter and describeQuery (chip removal)', () => {
    const query = withFilter(withFilter('kube', { kind: 'tag', tag: 'ops' }), {
      kind: 'state',
      state: 'todo',
    });
    const [tagChip] = describeQuery(query);
    expect(withoutToken(query, tagChip.index)).toBe('kube is:todo');
  });
});

describe('filterTokens', () => {
  it('finds the tokens of one filter with the given sign', () => {
    expect(
      filterTokens('type:note x -type:note TYPE:Notes', { kind: 'type', type: 'note' }).map((t) => t.index),
    ).toEqual([0, 3]);
    expect(
      filterTokens('type:note -type:note', { kind: 'type', type: 'note', negated: true }).map((t) => t.index),
    ).toEqual([1]);
  });
});
