import { parseSearchQuery, readSearchQuery } from './query-syntax';

/** The token as typed, to check positions. */
function sources(input: string): string[] {
  return readSearchQuery(input).map((token) => input.slice(token.start, token.end));
}

describe('readSearchQuery', () => {
  it('finds every kind of token with its position', () => {
    const input = 'kube "rolling update" -draft #Work type:note is:done in:Projects OR x';
    expect(readSearchQuery(input).map(({ kind }) => kind)).toEqual([
      'word',
      'phrase',
      'word',
      'tag',
      'type',
      'state',
      'collection',
      'or',
      'word',
    ]);
    expect(sources(input)).toEqual([
      'kube',
      '"rolling update"',
      '-draft',
      '#Work',
      'type:note',
      'is:done',
      'in:Projects',
      'OR',
      'x',
    ]);
    expect(readSearchQuery(input)[2]).toMatchObject({ kind: 'word', text: 'draft', negated: true, index: 2 });
    expect(readSearchQuery(input)[3]).toMatchObject({ kind: 'tag', tag: 'work', negated: false });
  });

  it('reads an unterminated quote as a phrase running to the end', () => {
    const [phrase] = readSearchQuery('"rolling upd');
    expect(phrase).toMatchObject({
      kind: 'phrase',
      text: 'rolling upd',
      unterminated: true,
      start: 0,
      end: 12,
    });
    expect(readSearchQuery('"done"')[0]).toMatchObject({ kind: 'phrase', unterminated: false, end: 6 });
  });

  it('starts the next token right after a closing quote, as the server does', () => {
    expect(sources('"a b"c')).toEqual(['"a b"', 'c']);
  });

  it('treats unknown key: prefixes and unknown values as words, key lower-cased', () => {
    expect(readSearchQuery('Foo:Bar is:nonsense type:cat https://x.io')).toMatchObject([
      { kind: 'word', text: 'foo:bar' },
      { kind: 'word', text: 'is:nonsense' },
      { kind: 'word', text: 'type:cat' },
      { kind: 'word', text: 'https://x.io' },
    ]);
  });

  it('does not take names of Object.prototype for types or states', () => {
    expect(readSearchQuery('type:constructor is:toString')).toMatchObject([
      { kind: 'word', text: 'type:constructor' },
      { kind: 'word', text: 'is:tostring' },
    ]);
  });

  it('accepts the server’s aliases for types and states, in any case', () => {
    expect(readSearchQuery('TYPE:Notes type:files is:favourite is:Favorite -is:FAV')).toMatchObject([
      { kind: 'type', type: 'note' },
      { kind: 'type', type: 'file' },
      { kind: 'state', state: 'fav' },
      { kind: 'state', state: 'fav' },
      { kind: 'state', state: 'fav', negated: true },
    ]);
  });

  it('reads quoted filter values and keeps a key with nothing after it as a word', () => {
    expect(readSearchQuery('in:"My Projects" is:"done" type: note')).toMatchObject([
      { kind: 'collection', collection: 'my projects', start: 0, end: 16 },
      { kind: 'state', state: 'done' },
      { kind: 'word', text: 'type:' },
      { kind: 'word', text: 'note' },
    ]);
  });

  it('marks tokens without letters or digits as ignored, and a lone - is not a negation', () => {
    expect(readSearchQuery('!!! - "" # -#')).toMatchObject([
      { kind: 'ignored' },
      { kind: 'ignored', negated: false },
      { kind: 'ignored' },
      { kind: 'ignored' },
      { kind: 'ignored', negated: true },
    ]);
  });

  it('only reads a bare, unnegated OR (any case) as the operator', () => {
    expect(readSearchQuery('a or b "OR" -OR c:or').map(({ kind }) => kind)).toEqual([
      'word',
      'or',
      'word',
      'phrase',
      'word',
      'word',
    ]);
  });

  it('handles unicode letters and positions in UTF-16 like String.slice', () => {
    const input = 'Café #Résumé "naïve straße" 東京 🙂';
    expect(readSearchQuery(input)).toMatchObject([
      { kind: 'word', text: 'café' },
      { kind: 'tag', tag: 'résumé' },
      { kind: 'phrase', text: 'naïve straße' },
      { kind: 'word', text: '東京' },
      { kind: 'ignored' },
    ]);
    expect(sources(input).at(-1)).toBe('🙂');
  });

  it('has no tokens for empty or blank input', () => {
    expect(readSearchQuery('')).toEqual([]);
    expect(readSearchQuery(' \t\n ')).toEqual([]);
  });
});

describe('parseSearchQuery, beyond the cases in search-query.spec.ts', () => {
  it('applies a repeated filter once', () => {
    expect(parseSearchQuery('type:note type:notes #a #A').types.include).toEqual(['note']);
    expect(parseSearchQuery('#a #A').tags.include).toEqual(['a']);
  });

  it('lets filters and ignored tokens sit between OR and its term, and a negated term ends the join', () => {
    expect(parseSearchQuery('a OR type:note !!! b').clauses).toEqual([
      [
        { kind: 'word', text: 'a' },
        { kind: 'word', text: 'b' },
      ],
    ]);
    expect(parseSearchQuery('a OR -x b').clauses).toEqual([
      [{ kind: 'word', text: 'a' }],
      [{ kind: 'word', text: 'b' }],
    ]);
  });
});
