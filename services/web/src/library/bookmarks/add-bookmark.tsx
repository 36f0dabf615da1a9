'use client';

import { useRef, useState } from 'react';
import type { Collection } from '../collections/collection-queries';
import type { CollectionRow } from '../collections/collection-tree';
import { BookmarkForm, EMPTY_BOOKMARK_FORM } from './bookmark-form';
import type { BookmarkFilters } from './bookmark-filters';
import { useCreateBookmark } from './bookmark-queries';

/**
 * "Add bookmark" and its form; a new bookmark lands in the list's current collection unless another is
 * chosen, and shows on top of the list.
 */
export function AddBookmark({
  filters,
  collectionRows,
}: {
  filters: BookmarkFilters;
  collectionRows: readonly CollectionRow<Collection>[];
}) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState('');
  const toggleRef = useRef<HTMLButtonElement>(null);
  const create = useCreateBookmark(filters);
  const close = () => {
    create.reset();
    setOpen(false);
    toggleRef.current?.focus();
  };
  return (
    <>
      <button
        ref={toggleRef}
        type="button"
        className="primary"
        aria-expanded={open}
        aria-controls="add-bookmark-panel"
        onClick={() => (open ? close() : (setSaved(''), setOpen(true)))}
      >
        Add bookmark
      </button>
      <p className="visually-hidden" role="status">
        {saved}
      </p>
      {open && (
        <div id="add-bookmark-panel" className="card add-bookmark-panel">
          <BookmarkForm
            heading="Add a bookmark"
            headingLevel="h2"
            initialValues={{ ...EMPTY_BOOKMARK_FORM, collectionId: filters.collectionId ?? '' }}
            collectionRows={collectionRows}
            pending={create.isPending}
            error={create.error}
            onSubmit={(values) =>
              create.mutate(values, {
                onSuccess: ({ bookmark }) => {
                  setSaved(`Saved ${bookmark.title || bookmark.url}.`);
                  close();
                },
              })
            }
            onCancel={close}
          />
        </div>
      )}
    </>
  );
}
