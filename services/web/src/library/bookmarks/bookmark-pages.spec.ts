import type { InfiniteData } from '@tanstack/react-query';
import {
  awaitsPageTitle,
  type BookmarkLike,
  type BookmarkPage,
  prependToPages,
  removeFromPages,
  replaceInPages,
} from './bookmark-pages';

interface Bookmark extends BookmarkLike {
  favorite: boolean;
}

const bookmark = (id: string, favorite = false): Bookmark => ({
  id,
  title: id.toUpperCase(),
  createdAt: '2026-11-24T01:00:00.000Z',
  favorite,
});

const cache = (...pages: Bookmark[][]): InfiniteData<BookmarkPage<Bookmark>> => ({
  pages: pages.map((items, index) => ({ items, nextCursor: index < pages.length - 1 ? `c${index}` : null })),
  pageParams: pages.map((_, index) => (index === 0 ? undefined : `c${index - 1}`)),
});

const ids = (data: InfiniteData<BookmarkPage<Bookmark>> | undefined) =>
  data?.pages.map((page) => page.items.map((item) => item.id));

describe('cached page edits', () => {
  it('replaces a bookmark on whichever page holds it', () => {
    const next = replaceInPages(cache([bookmark('a')], [bookmark('b')]), bookmark('b', true));
    expect(next?.pages[1].items[0].favorite).toBe(true);
    expect(next?.pages[0].items[0].favorite).toBe(false);
  });

  it('removes a bookmark and keeps cursors', () => {
    const next = removeFromPages(cache([bookmark('a'), bookmark('b')], [bookmark('c')]), 'b');
    expect(ids(next)).toEqual([['a'], ['c']]);
    expect(next?.pages[0].nextCursor).toBe('c0');
  });

  it('puts a new bookmark on top once', () => {
    const data = cache([bookmark('a')], [bookmark('n')]);
    expect(ids(prependToPages(data, bookmark('n')))).toEqual([['n', 'a'], []]);
  });

  it('leaves an absent cache alone', () => {
    expect(replaceInPages(undefined, bookmark('a'))).toBeUndefined();
    expect(prependToPages(undefined, bookmark('a'))).toBeUndefined();
  });
});

describe('awaitsPageTitle', () => {
  const now = Date.parse('2026-11-24T01:00:10.000Z');

  it('waits for an untitled bookmark saved moments ago', () => {
    expect(awaitsPageTitle([{ ...bookmark('a'), title: '' }], now)).toBe(true);
  });

  it('stops waiting once titled or after the fetch had its time', () => {
    expect(awaitsPageTitle([bookmark('a')], now)).toBe(false);
    expect(awaitsPageTitle([{ ...bookmark('a'), title: '' }], now + 60_000)).toBe(false);
  });
});
