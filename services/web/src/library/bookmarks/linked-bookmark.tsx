'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { problemOf } from '../../api/problem';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import type { Collection } from '../collections/collection-queries';
import type { CollectionRow } from '../collections/collection-tree';
import { BookmarkCard } from './bookmark-card';
import { useBookmark } from './bookmark-queries';

/**
 * The bookmark a link opened (`?item=<id>`, e.g. from search), on top of the list, highlighted, scrolled
 * to and focused once it has loaded.
 */
export function LinkedBookmark({
  id,
  collections,
  collectionRows,
  tagHref,
  closeHref,
}: {
  id: string;
  collections: readonly Collection[];
  collectionRows: readonly CollectionRow<Collection>[];
  tagHref: (tag: string) => string;
  closeHref: string;
}) {
  const bookmark = useBookmark(id);
  const articleRef = useRef<HTMLElement>(null);
  const loaded = bookmark.data !== undefined;
  useEffect(() => {
    if (!loaded) return;
    articleRef.current?.scrollIntoView({ block: 'center' });
    articleRef.current?.focus({ preventScroll: true });
  }, [loaded, id]);
  return (
    <section className="linked-bookmark" aria-label="Opened bookmark">
      {bookmark.isPending && <LoadingState label="Opening the bookmark" />}
      {bookmark.isError && (
        <ProblemAlert
          error={bookmark.error}
          // A bookmark that is gone (or never was) does not come back by asking again.
          onRetry={problemOf(bookmark.error).status === 404 ? undefined : () => void bookmark.refetch()}
        />
      )}
      {bookmark.data && (
        <BookmarkCard
          bookmark={bookmark.data}
          collections={collections}
          collectionRows={collectionRows}
          tagHref={tagHref}
          highlighted
          articleRef={articleRef}
        />
      )}
      <Link href={closeHref} className="muted" aria-label="Close the opened bookmark">
        Close
      </Link>
    </section>
  );
}
