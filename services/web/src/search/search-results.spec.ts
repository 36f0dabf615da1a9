import { parseSearchQuery } from './query-language';
import { groupByType, itemHref, matchCount, type SearchHit, searchHref } from './search-results';

function hit(type: SearchHit['type'], id: string): SearchHit {
  return {
    type,
    id,
    title: id,
    snippet: '',
    score: 1,
    updatedAt: '2026-11-24T00:00:00.000Z',
    tags: [],
    url: null,
    collectionId: null,
  };
}

const facets = { bookmark: 3, note: 5, task: 2, file: 0 };

describe('itemHref and searchHref', () => {
  it('link to the library deep link and the search page', () => {
    expect(itemHref('note', 'a1')).toBe('/library/notes?item=a1');
    expect(itemHref('file', 'a b')).toBe('/library/files?item=a%20b');
    expect(searchHref('kube #ops & more')).toBe('/search?q=kube%20%23ops%20%26%20more');
    expect(searchHref('   ')).toBe('/search');
  });
});

describe('matchCount', () => {
  it('adds every type without a type filter', () => {
    expect(matchCount(facets, true, parseSearchQuery('kube'))).toEqual({ count: 10, atLeast: false });
  });

  it('adds only the included types, minus the excluded ones', () => {
    expect(matchCount(facets, true, parseSearchQuery('type:note type:task')).count).toBe(7);
    expect(matchCount(facets, true, parseSearchQuery('-type:bookmark')).count).toBe(7);
    expect(matchCount(facets, true, parseSearchQuery('type:note -type:note')).count).toBe(0);
  });

  it('is a lower bound when the server stopped counting', () => {
    expect(matchCount(facets, false, parseSearchQuery('')).atLeast).toBe(true);
  });
});

describe('groupByType', () => {
  it('groups in the order of each type’s best hit, keeping rank order inside', () => {
    const groups = groupByType([
      hit('note', 'n1'),
      hit('task', 't1'),
      hit('note', 'n2'),
      hit('bookmark', 'b1'),
    ]);
    expect(groups.map((group) => [group.type, group.hits.map((h) => h.id)])).toEqual([
      ['note', ['n1', 'n2']],
      ['task', ['t1']],
      ['bookmark', ['b1']],
    ]);
    expect(groupByType([])).toEqual([]);
  });
});
