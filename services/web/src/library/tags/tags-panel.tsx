'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { fieldErrorsFromProblem } from '../../forms/form-errors';
import { FormField } from '../../ui/form-field';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { ConfirmButton } from '../../ui/confirm-button';
import { focusAfterRemoval } from '../../ui/focus-after-removal';
import { type Tag, useDeleteTag, useRenameTag, useTags } from './tag-queries';

const itemsLabel = (count: number) => (count === 1 ? '1 item' : `${count} items`);

/**
 * The person's tags with how many items carry each, as links that filter the list; "Manage tags" offers
 * rename and delete (both change every item carrying the tag, not only bookmarks).
 */
export function TagsPanel({
  currentTag,
  hrefFor,
  onChanged,
}: {
  currentTag: string | undefined;
  /** The list's address filtered by this tag (or by none). */
  hrefFor: (tag: string | undefined) => string;
  /** Called after a tag is renamed (with its new name) or deleted (with undefined). */
  onChanged: (from: Tag, to: string | undefined) => void;
}) {
  const tags = useTags();
  const [managing, setManaging] = useState(false);
  // Held here, not per row: the row is gone once the tags refetch, and the list must still hear of it.
  const remove = useDeleteTag();
  const deleteTag = (tag: Tag) =>
    remove.mutate(tag, {
      onSuccess: () => {
        onChanged(tag, undefined);
        focusAfterRemoval('tags-heading', `tag-${tag.id}`);
      },
    });
  const items = tags.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="side-section" aria-label="Tag filter">
      <div className="side-heading">
        <h2 id="tags-heading" tabIndex={-1}>
          Tags
        </h2>
        <button
          type="button"
          className="link"
          aria-pressed={managing}
          aria-label="Manage tags"
          onClick={() => setManaging(!managing)}
        >
          Manage
        </button>
      </div>
      {tags.isPending && <LoadingState label="Loading tags" />}
      {tags.isError && <ProblemAlert error={tags.error} onRetry={() => void tags.refetch()} />}
      {tags.data && items.length === 0 && (
        <p className="muted">No tags yet. Add some when saving a bookmark.</p>
      )}
      {items.length > 0 && (
        <ul className={managing ? 'side-list' : 'tag-cloud'}>
          {currentTag !== undefined && (
            <li>
              <Link href={hrefFor(undefined)}>Any tag</Link>
            </li>
          )}
          {items.map((tag) =>
            managing ? (
              <ManagedTag
                key={tag.id}
                tag={tag}
                onRenamed={(name) => onChanged(tag, name)}
                onDelete={deleteTag}
                deleting={remove.isPending && remove.variables.id === tag.id}
              />
            ) : (
              <li key={tag.id}>
                <Link
                  className="tag"
                  href={hrefFor(tag.name)}
                  aria-current={currentTag === tag.name ? 'page' : undefined}
                >
                  #{tag.name} <span aria-hidden="true">{tag.itemCount}</span>
                  <span className="visually-hidden">, {itemsLabel(tag.itemCount)}</span>
                </Link>
              </li>
            ),
          )}
        </ul>
      )}
      {remove.isError && <ProblemAlert error={remove.error} />}
      {tags.hasNextPage && (
        <button type="button" disabled={tags.isFetchingNextPage} onClick={() => void tags.fetchNextPage()}>
          {tags.isFetchingNextPage ? 'Loading…' : 'More tags'}
        </button>
      )}
    </section>
  );
}

function ManagedTag({
  tag,
  onRenamed,
  onDelete,
  deleting,
}: {
  tag: Tag;
  onRenamed: (name: string) => void;
  onDelete: (tag: Tag) => void;
  deleting: boolean;
}) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(tag.name);
  const rename = useRenameTag();
  const nameError = fieldErrorsFromProblem(rename.error, ['name'] as const).name;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = name.trim().replace(/^#+/, '');
    if (!next || next === tag.name) {
      setRenaming(false);
      return;
    }
    rename.mutate(
      { tag, name: next },
      {
        onSuccess: ({ tag: renamed }) => {
          setRenaming(false);
          onRenamed(renamed.name);
        },
      },
    );
  };
  return (
    <li id={`tag-${tag.id}`}>
      {renaming ? (
        <form className="side-form" aria-label={`Rename tag ${tag.name}`} onSubmit={submit} noValidate>
          <FormField label={`New name for #${tag.name}`} error={nameError}>
            <input
              autoFocus
              value={name}
              onChange={(event) => setName(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape') setRenaming(false);
              }}
            />
          </FormField>
          {rename.isError && !nameError && <ProblemAlert error={rename.error} />}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={rename.isPending}>
              Save name
            </button>
            <button type="button" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="side-row">
          <span>
            #{tag.name} <span className="muted">({itemsLabel(tag.itemCount)})</span>
          </span>
          <span className="side-row-actions">
            <button
              type="button"
              className="link"
              aria-label={`Rename tag ${tag.name}`}
              onClick={() => {
                setName(tag.name);
                rename.reset();
                setRenaming(true);
              }}
            >
              Rename
            </button>
            <ConfirmButton
              label="Delete"
              ariaLabel={`Delete tag ${tag.name}`}
              question={`Delete #${tag.name}? It is removed from ${itemsLabel(tag.itemCount)}; the items stay.`}
              confirmLabel="Yes, delete"
              pendingLabel="Deleting…"
              pending={deleting}
              onConfirm={() => onDelete(tag)}
            />
          </span>
        </div>
      )}
    </li>
  );
}
