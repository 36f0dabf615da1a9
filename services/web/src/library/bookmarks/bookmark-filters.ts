/** The orders `GET /api/v1/bookmarks` accepts (`sort`); the newest first is the API's default. */
export const BOOKMARK_SORTS = [
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: '-updatedAt', label: 'Recently changed' },
  { value: 'title', label: 'Title A–Z' },
  { value: '-title', label: 'Title Z–A' },
] as const;

export type BookmarkSort = (typeof BOOKMARK_SORTS)[number]['value'];

export const DEFAULT_BOOKMARK_SORT: BookmarkSort = '-createdAt';

/** The quick views of the side panel; each is a combination of the flag filters. */
export type BookmarkView = 'all' | 'favorites' | 'unread' | 'archived';

/**
 * What the bookmark list shows, as kept in the page's query string (`?tag=rust&collectionId=…&read=false`)
 * so every view is a link. Absent `archived` means "not archived": the library hides archived bookmarks
 * unless asked (`archived=true`).
 */
export interface BookmarkFilters {
  tag?: string;
  collectionId?: string;
  favorite?: boolean;
  read?: boolean;
  archived?: boolean;
  sort: BookmarkSort;
}

/** The query of `GET /api/v1/bookmarks` (booleans as the strings the API takes). */
export interface BookmarkListQuery {
  tag?: string;
  collectionId?: string;
  favorite?: 'true' | 'false';
  read?: 'true' | 'false';
  archived: 'true' | 'false';
  sort: BookmarkSort;
}

const FLAGS = ['favorite', 'read', 'archived'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function flagOf(value: string | null): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** The filters a query string asks for; values the API would refuse are ignored, not passed on. */
export function filtersFromSearchParams(params: URLSearchParams): BookmarkFilters {
  const filters: BookmarkFilters = { sort: DEFAULT_BOOKMARK_SORT };
  const tag = params.get('tag')?.trim().replace(/^#+/, '').toLowerCase();
  if (tag) filters.tag = tag;
  const collectionId = params.get('collectionId');
  if (collectionId && UUID.test(collectionId)) filters.collectionId = collectionId;
  for (const flag of FLAGS) {
    const value = flagOf(params.get(flag));
    if (value !== undefined) filters[flag] = value;
  }
  const sort = BOOKMARK_SORTS.find((option) => option.value === params.get('sort'));
  if (sort) filters.sort = sort.value;
  return filters;
}

/**
 * The query string of these filters, in a fixed order, defaults left out; other parameters of `base` (such
 * as `item`) are kept unless `base` is omitted.
 */
export function filtersToSearchParams(
  filters: BookmarkFilters,
  base: URLSearchParams = new URLSearchParams(),
): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const key of ['tag', 'collectionId', ...FLAGS, 'sort']) params.delete(key);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.collectionId) params.set('collectionId', filters.collectionId);
  for (const flag of FLAGS) {
    const value = filters[flag];
    if (value !== undefined) params.set(flag, String(value));
  }
  if (filters.sort !== DEFAULT_BOOKMARK_SORT) params.set('sort', filters.sort);
  return params;
}

/** The API query for these filters: archived bookmarks only when the view asks for them. */
export function listQueryOf(filters: BookmarkFilters): BookmarkListQuery {
  const query: BookmarkListQuery = { archived: filters.archived ? 'true' : 'false', sort: filters.sort };
  if (filters.tag) query.tag = filters.tag;
  if (filters.collectionId) query.collectionId = filters.collectionId;
  if (filters.favorite !== undefined) query.favorite = filters.favorite ? 'true' : 'false';
  if (filters.read !== undefined) query.read = filters.read ? 'true' : 'false';
  return query;
}

/** Which quick view the flag filters amount to, or null for a combination none of them is. */
export function viewOf(filters: BookmarkFilters): BookmarkView | null {
  const { favorite, read, archived } = filters;
  if (archived === true) return favorite === undefined && read === undefined ? 'archived' : null;
  if (favorite === undefined && read === undefined) return 'all';
  if (favorite === true && read === undefined) return 'favorites';
  if (favorite === undefined && read === false) return 'unread';
  return null;
}

/** The filters with the flags of a quick view; the tag, collection and order stay. */
export function withView(filters: BookmarkFilters, view: BookmarkView): BookmarkFilters {
  const { favorite: _favorite, read: _read, archived: _archived, ...rest } = filters;
  if (view === 'favorites') return { ...rest, favorite: true };
  if (view === 'unread') return { ...rest, read: false };
  if (view === 'archived') return { ...rest, archived: true };
  return rest;
}

/** Whether anything narrows the list beyond the default view (for "Clear filters" and empty states). */
export function isFiltered(filters: BookmarkFilters): boolean {
  return (
    filters.tag !== undefined ||
    filters.collectionId !== undefined ||
    FLAGS.some((flag) => filters[flag] !== undefined)
  );
}
