'use client';

import Link from 'next/link';
import { type Ref, useId, useState } from 'react';
import { ProblemAlert } from '../../ui/problem-alert';
import { useDateFormat } from '../../ui/use-date-format';
import { type Collection } from '../collections/collection-queries';
import { collectionPath, type CollectionRow } from '../collections/collection-tree';
import { BookmarkForm } from './bookmark-form';
import { bookmarkBodyOf } from './bookmark-form-rules';
import { awaitsPageTitle } from './bookmark-pages';
import {
  type Bookmark,
  type BookmarkChanges,
  isStale,
  useDeleteBookmark,
  useUpdateBookmark,
} from './bookmark-queries';
import { ConfirmButton } from '../../ui/confirm-button';
import { focusAfterRemoval } from '../../ui/focus-after-removal';
import { safeExternalHref } from '../../ui/safe-external-href';

/** The page's h1; focus lands there when a delete removes the focused card. */
export const BOOKMARKS_HEADING_ID = 'bookmarks-heading';

const STALE_MESSAGE = 'This bookmark was changed elsewhere. It has been reloaded; check it and try again.';

/** One bookmark: its link and details, the tag links that filter, its actions, and its edit form. */
export function BookmarkCard({
  bookmark,
  collections,
  collectionRows,
  tagHref,
  highlighted = false,
  articleRef,
}: {
  bookmark: Bookmark;
  collections: readonly Collection[];
  collectionRows: readonly CollectionRow<Collection>[];
  tagHref: (tag: string) => string;
  highlighted?: boolean;
  articleRef?: Ref<HTMLElement>;
}) {
  const headingId = useId();
  const format = useDateFormat();
  const [editing, setEditing] = useState(false);
  const update = useUpdateBookmark();
  const remove = useDeleteBookmark();
  const busy = update.isPending || remove.isPending;
  const title = bookmark.title || bookmark.url;
  // Only http(s) becomes a link: a stored `javascript:` URL must not run in one click.
  const href = safeExternalHref(bookmark.url);
  const collection = bookmark.collectionId ? collectionPath(collections, bookmark.collectionId) : '';

  const change = (changes: BookmarkChanges, onDone?: () => void) => {
    remove.reset();
    update.mutate({ bookmark, changes }, { onSuccess: onDone });
  };
  const problem = update.error ?? remove.error;

  return (
    <article
      ref={articleRef}
      className={`bookmark card${highlighted ? ' highlighted' : ''}${bookmark.archived ? ' archived' : ''}`}
      aria-labelledby={headingId}
      tabIndex={highlighted ? -1 : undefined}
    >
      <h3 id={headingId} className="bookmark-title">
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {title}
          </a>
        ) : (
          title
        )}
      </h3>
      <p className="bookmark-meta muted">
        <span>{bookmark.domain}</span>
        {collection && <span>in {collection}</span>}
        <span>
          saved <time dateTime={bookmark.createdAt}>{format.date(bookmark.createdAt)}</time>
        </span>
        {!bookmark.read && <span className="badge-unread">Unread</span>}
        {bookmark.archived && <span className="badge-archived">Archived</span>}
        {awaitsPageTitle([bookmark], Date.now()) && <span>fetching the page title…</span>}
      </p>
      {editing ? (
        <BookmarkForm
          heading="Edit bookmark"
          headingLevel="h4"
          initialValues={{
            url: bookmark.url,
            title: bookmark.title,
            description: bookmark.description,
            tags: bookmark.tags,
            collectionId: bookmark.collectionId ?? '',
          }}
          collectionRows={collectionRows}
          pending={update.isPending}
          error={update.error}
          notice={update.error && isStale(update.error) ? STALE_MESSAGE : undefined}
          onSubmit={(values) => change(bookmarkBodyOf(values), () => setEditing(false))}
          onCancel={() => {
            update.reset();
            setEditing(false);
          }}
        />
      ) : (
        <>
          {bookmark.description && <p className="bookmark-description">{bookmark.description}</p>}
          {bookmark.tags.length > 0 && (
            <ul className="bookmark-tags" aria-label="Tagged with">
              {bookmark.tags.map((tag) => (
                <li key={tag}>
                  <Link className="tag" href={tagHref(tag)} aria-label={`Bookmarks tagged ${tag}`}>
                    #{tag}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <div className="bookmark-actions" role="group" aria-label={`Actions for ${title}`}>
            <button
              type="button"
              aria-pressed={bookmark.favorite}
              disabled={busy}
              onClick={() => change({ favorite: !bookmark.favorite })}
            >
              <span aria-hidden="true">{bookmark.favorite ? '★' : '☆'}</span> Favorite
            </button>
            <button type="button" disabled={busy} onClick={() => change({ read: !bookmark.read })}>
              {bookmark.read ? 'Mark unread' : 'Mark read'}
            </button>
            <button type="button" disabled={busy} onClick={() => change({ archived: !bookmark.archived })}>
              {bookmark.archived ? 'Unarchive' : 'Archive'}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                update.reset();
                setEditing(true);
              }}
            >
              Edit
            </button>
            <ConfirmButton
              label="Delete"
              question="Delete this bookmark?"
              confirmLabel="Yes, delete"
              pendingLabel="Deleting…"
              pending={remove.isPending}
              onConfirm={() => {
                update.reset();
                remove.mutate(bookmark, {
                  onSuccess: () => focusAfterRemoval(BOOKMARKS_HEADING_ID, headingId),
                });
              }}
            />
          </div>
          {problem !== null && isStale(problem) && (
            <p className="alert info" role="status">
              {STALE_MESSAGE}
            </p>
          )}
          {problem !== null && !isStale(problem) && <ProblemAlert error={problem} />}
        </>
      )}
    </article>
  );
}
