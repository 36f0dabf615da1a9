'use client';

import Link from 'next/link';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import type { Collection } from '../collections/collection-queries';
import type { CollectionRow } from '../collections/collection-tree';
import { BookmarkCard } from './bookmark-card';
import { type BookmarkFilters, isFiltered } from './bookmark-filters';
import { useBookmarkList } from './bookmark-queries';

/** The bookmarks of the current filters, newest page last, with "Load more". */
export function BookmarkList({
  filters,
  hiddenId,
  collections,
  collectionRows,
  tagHref,
  clearHref,
}: {
  filters: BookmarkFilters;
  /** The bookmark already shown on top (opened by `?item=`), left out here. */
  hiddenId: string | null;
  collections: readonly Collection[];
  collectionRows: readonly CollectionRow<Collection>[];
  tagHref: (tag: string) => string;
  clearHref: string;
}) {
  const list = useBookmarkList(filters);
  if (list.isPending) return <LoadingState label="Loading bookmarks" />;
  if (!list.data) return <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />;

  const bookmarks = list.data.pages.flatMap((page) => page.items).filter((item) => item.id !== hiddenId);
  return (
    <section className="bookmark-list" aria-labelledby="bookmark-list-heading">
      <h2 id="bookmark-list-heading" className="visually-hidden">
        Bookmark list
      </h2>
      <p className="visually-hidden" role="status">
        {bookmarks.length === 1 ? '1 bookmark shown' : `${bookmarks.length} bookmarks shown`}
        {list.hasNextPage ? ', more to load' : ''}
      </p>
      {list.isRefetchError && <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />}
      {bookmarks.length === 0 &&
        (isFiltered(filters) ? (
          <div className="empty-state">
            <p>No bookmarks match these filters.</p>
            <Link href={clearHref}>Show all bookmarks</Link>
          </div>
        ) : (
          <div className="empty-state">
            <p>No bookmarks yet. Use “Add bookmark” to save your first page.</p>
          </div>
        ))}
      {bookmarks.map((bookmark) => (
        <BookmarkCard
          key={bookmark.id}
          bookmark={bookmark}
          collections={collections}
          collectionRows={collectionRows}
          tagHref={tagHref}
        />
      ))}
      {list.isFetchNextPageError && (
        <ProblemAlert error={list.error} onRetry={() => void list.fetchNextPage()} />
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="load-more"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
