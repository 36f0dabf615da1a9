import {
  DEFAULT_BOOKMARK_SORT,
  filtersFromSearchParams,
  filtersToSearchParams,
  isFiltered,
  listQueryOf,
  viewOf,
  withView,
} from './bookmark-filters';

const COLLECTION = '01a20b30-aa08-7023-9d05-9d58ebf02888';

describe('filtersFromSearchParams', () => {
  it('reads every filter the list supports', () => {
    const params = new URLSearchParams(
      `tag=Rust&collectionId=${COLLECTION}&favorite=true&read=false&archived=false&sort=title`,
    );
    expect(filtersFromSearchParams(params)).toEqual({
      tag: 'rust',
      collectionId: COLLECTION,
      favorite: true,
      read: false,
      archived: false,
      sort: 'title',
    });
  });

  it('drops what the API would refuse instead of sending it', () => {
    const params = new URLSearchParams('tag=%20&collectionId=nope&favorite=yes&sort=random');
    expect(filtersFromSearchParams(params)).toEqual({ sort: DEFAULT_BOOKMARK_SORT });
  });

  it('accepts a tag written with its #', () => {
    expect(filtersFromSearchParams(new URLSearchParams('tag=%23web')).tag).toBe('web');
  });
});

describe('filtersToSearchParams', () => {
  it('round-trips through the query string', () => {
    const filters = { tag: 'web', collectionId: COLLECTION, read: true, sort: '-title' as const };
    expect(filtersFromSearchParams(filtersToSearchParams(filters))).toEqual(filters);
  });

  it('leaves defaults out and keeps unrelated parameters such as item', () => {
    const params = filtersToSearchParams(
      { sort: DEFAULT_BOOKMARK_SORT, favorite: true },
      new URLSearchParams('item=abc&tag=old&sort=title'),
    );
    expect(params.toString()).toBe('item=abc&favorite=true');
  });
});

describe('listQueryOf', () => {
  it('hides archived bookmarks unless the view asks for them', () => {
    expect(listQueryOf({ sort: DEFAULT_BOOKMARK_SORT })).toEqual({ archived: 'false', sort: '-createdAt' });
    expect(listQueryOf({ sort: 'title', archived: true, tag: 'rust' })).toEqual({
      archived: 'true',
      sort: 'title',
      tag: 'rust',
    });
  });

  it('sends the flags as the strings the API takes', () => {
    expect(listQueryOf({ sort: DEFAULT_BOOKMARK_SORT, favorite: false, read: true })).toMatchObject({
      favorite: 'false',
      read: 'true',
    });
  });
});

describe('quick views', () => {
  const base = { sort: DEFAULT_BOOKMARK_SORT, tag: 'rust' };

  it('switches the flags and keeps the tag, collection and order', () => {
    expect(withView({ ...base, read: false }, 'favorites')).toEqual({ ...base, favorite: true });
    expect(withView({ ...base, favorite: true }, 'archived')).toEqual({ ...base, archived: true });
    expect(withView({ ...base, archived: true }, 'all')).toEqual(base);
  });

  it('names the view the flags amount to', () => {
    expect(viewOf(withView(base, 'all'))).toBe('all');
    expect(viewOf(withView(base, 'favorites'))).toBe('favorites');
    expect(viewOf(withView(base, 'unread'))).toBe('unread');
    expect(viewOf(withView(base, 'archived'))).toBe('archived');
    expect(viewOf({ ...base, favorite: true, read: false })).toBeNull();
  });

  it('tells a filtered list from the default one', () => {
    expect(isFiltered({ sort: 'title' })).toBe(false);
    expect(isFiltered(base)).toBe(true);
    expect(isFiltered({ sort: DEFAULT_BOOKMARK_SORT, archived: true })).toBe(true);
  });
});
