import type { InfiniteData } from '@tanstack/react-query';

/** The fields of a bookmark the cached pages work with; the API's bookmark has more. */
export interface BookmarkLike {
  id: string;
  title: string;
  createdAt: string;
}

/** One page of `GET /api/v1/bookmarks` as cached by the list's infinite query. */
export interface BookmarkPage<B extends BookmarkLike> {
  items: B[];
  nextCursor: string | null;
}

/** How long after saving a bookmark without a title the list keeps asking for the fetched one. */
export const METADATA_WAIT_MS = 30_000;

/** The cached pages with this bookmark's fields replaced by the given (newer) ones, wherever it appears. */
export function replaceInPages<B extends BookmarkLike, P extends BookmarkPage<B>>(
  data: InfiniteData<P> | undefined,
  bookmark: B,
): InfiniteData<P> | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((item) => (item.id === bookmark.id ? bookmark : item)),
    })),
  };
}

export function removeFromPages<B extends BookmarkLike, P extends BookmarkPage<B>>(
  data: InfiniteData<P> | undefined,
  id: string,
): InfiniteData<P> | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== id) })),
  };
}

/** The cached pages with a new bookmark on top of the first page (once, even when the cache had it). */
export function prependToPages<B extends BookmarkLike, P extends BookmarkPage<B>>(
  data: InfiniteData<P> | undefined,
  bookmark: B,
): InfiniteData<P> | undefined {
  const withoutIt = removeFromPages(data, bookmark.id);
  if (!withoutIt || withoutIt.pages.length === 0) return withoutIt;
  const [first, ...rest] = withoutIt.pages;
  return { ...withoutIt, pages: [{ ...first, items: [bookmark, ...first.items] }, ...rest] };
}

/**
 * Whether a bookmark saved moments ago still waits for the title the server fetches from its page (the
 * fetch runs in the background and no live event tells the browser), so the list should ask again.
 */
export function awaitsPageTitle<B extends BookmarkLike>(items: readonly B[], now: number): boolean {
  return items.some((item) => item.title === '' && now - Date.parse(item.createdAt) < METADATA_WAIT_MS);
}
