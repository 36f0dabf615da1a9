import { canonicalQuery, parseSearchQuery } from './search-query';

describe('parseSearchQuery', () => {
  it('reads words, phrases and exclusions', () => {
    const query = parseSearchQuery('kube "rolling update" -draft -"old notes"');
    expect(query.clauses).toEqual([
      [{ kind: 'word', text: 'kube' }],
      [{ kind: 'phrase', text: 'rolling update' }],
    ]);
    expect(query.excluded).toEqual([
      { kind: 'word', text: 'draft' },
      { kind: 'phrase', text: 'old notes' },
    ]);
  });

  it('joins the terms around OR into one clause, websearch style', () => {
    expect(parseSearchQuery('a b OR c d').clauses).toEqual([
      [{ kind: 'word', text: 'a' }],
      [
        { kind: 'word', text: 'b' },
        { kind: 'word', text: 'c' },
      ],
      [{ kind: 'word', text: 'd' }],
    ]);
    expect(parseSearchQuery('or lonely').clauses).toEqual([[{ kind: 'word', text: 'lonely' }]]);
  });

  it('reads #tags, type:, is: and in: (quoted names too), negated with -', () => {
    const query = parseSearchQuery(
      '#Kube-Ops -#draft type:note -type:files is:done is:FAV -is:archived in:"My Projects" -in:old',
    );
    expect(query.tags).toEqual({ include: ['kube-ops'], exclude: ['draft'] });
    expect(query.types).toEqual({ include: ['note'], exclude: ['file'] });
    expect(query.states).toEqual({ include: ['done', 'fav'], exclude: ['archived'] });
    expect(query.collections).toEqual({ include: ['my projects'], exclude: ['old'] });
    expect(query.clauses).toEqual([]);
  });

  it('searches unknown key:value pairs and unknown values as text', () => {
    expect(parseSearchQuery('foo:bar is:nonsense type:cat').clauses).toEqual([
      [{ kind: 'word', text: 'foo:bar' }],
      [{ kind: 'word', text: 'is:nonsense' }],
      [{ kind: 'word', text: 'type:cat' }],
    ]);
  });

  it('reads names of Object.prototype members as text, not as filters', () => {
    const parsed = parseSearchQuery('type:constructor is:__proto__ type:__proto__');
    expect(parsed.clauses).toEqual([
      [{ kind: 'word', text: 'type:constructor' }],
      [{ kind: 'word', text: 'is:__proto__' }],
      [{ kind: 'word', text: 'type:__proto__' }],
    ]);
    expect(parsed.types.include).toEqual([]);
    expect(parsed.states.include).toEqual([]);
  });

  it('drops terms without letters or digits and never fails on odd input', () => {
    expect(parseSearchQuery('!!! - "" # "unclosed phrase').clauses).toEqual([
      [{ kind: 'phrase', text: 'unclosed phrase' }],
    ]);
    expect(parseSearchQuery('').clauses).toEqual([]);
  });

  it('spells equivalent queries the same way', () => {
    expect(canonicalQuery(parseSearchQuery('  Kube   type:note '))).toBe(
      canonicalQuery(parseSearchQuery('kube type:NOTE')),
    );
  });
});
