'use client';

import Link from 'next/link';
import { type FormEvent, useId, useState } from 'react';
import { fieldErrorsFromProblem } from '../../forms/form-errors';
import { FormField } from '../../ui/form-field';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { ConfirmButton } from '../../ui/confirm-button';
import { focusAfterRemoval } from '../../ui/focus-after-removal';
import {
  type Collection,
  useCollections,
  useCreateCollection,
  useDeleteCollection,
  useRenameCollection,
} from './collection-queries';
import { type CollectionNode, collectionPath } from './collection-tree';
import { CollectionSelect } from './collection-select';

/**
 * The collection tree as links that filter the list (the current one marked `aria-current`), and, under
 * "Manage collections", creating, renaming and deleting them.
 */
export function CollectionsPanel({
  currentId,
  hrefFor,
  onDeleted,
}: {
  currentId: string | undefined;
  /** The list's address with this collection (or none) selected. */
  hrefFor: (collectionId: string | undefined) => string;
  /** Called after a delete, so a list filtered by it can move to where its bookmarks went. */
  onDeleted: (collection: Collection) => void;
}) {
  const collections = useCollections();
  const [managing, setManaging] = useState(false);
  const [creating, setCreating] = useState(false);
  // Held here, not per row: the row is gone once the list refetches, and the list must still hear of it.
  const remove = useDeleteCollection();
  const deleteCollection = (collection: Collection) =>
    remove.mutate(collection, {
      onSuccess: () => {
        onDeleted(collection);
        focusAfterRemoval('collections-heading', `collection-${collection.id}`);
      },
    });
  return (
    <section className="side-section" aria-labelledby="collections-heading">
      <div className="side-heading">
        <h2 id="collections-heading" tabIndex={-1}>
          Collections
        </h2>
        <button
          type="button"
          className="link"
          aria-pressed={managing}
          aria-label="Manage collections"
          onClick={() => setManaging(!managing)}
        >
          Manage
        </button>
      </div>
      {collections.isPending && <LoadingState label="Loading collections" />}
      {collections.isError && (
        <ProblemAlert error={collections.error} onRetry={() => void collections.refetch()} />
      )}
      {collections.data && (
        <ul className="side-list">
          <li>
            <Link href={hrefFor(undefined)} aria-current={currentId === undefined ? 'page' : undefined}>
              All collections
            </Link>
          </li>
          {collections.tree.map((node) => (
            <CollectionItem
              key={node.collection.id}
              node={node}
              all={collections.data}
              currentId={currentId}
              managing={managing}
              hrefFor={hrefFor}
              onDelete={deleteCollection}
              deleting={remove.isPending ? remove.variables.id : undefined}
            />
          ))}
          {collections.data.length === 0 && <li className="muted">No collections yet.</li>}
        </ul>
      )}
      {remove.isError && <ProblemAlert error={remove.error} />}
      {creating ? (
        <NewCollectionForm onDone={() => setCreating(false)} />
      ) : (
        <button type="button" onClick={() => setCreating(true)}>
          New collection
        </button>
      )}
    </section>
  );
}

function CollectionItem({
  node,
  all,
  currentId,
  managing,
  hrefFor,
  onDelete,
  deleting,
}: {
  node: CollectionNode<Collection>;
  all: readonly Collection[];
  currentId: string | undefined;
  managing: boolean;
  hrefFor: (collectionId: string | undefined) => string;
  onDelete: (collection: Collection) => void;
  /** The id of the collection being deleted, if any. */
  deleting: string | undefined;
}) {
  const { collection } = node;
  const [renaming, setRenaming] = useState(false);
  const parentName = collection.parentId ? collectionPath(all, collection.parentId) : '';
  const movesTo = parentName ? `“${parentName}”` : 'no collection (top level)';
  return (
    <li id={`collection-${collection.id}`}>
      {renaming ? (
        <RenameCollectionForm collection={collection} onDone={() => setRenaming(false)} />
      ) : (
        <div className="side-row">
          <Link href={hrefFor(collection.id)} aria-current={currentId === collection.id ? 'page' : undefined}>
            {collection.name}
          </Link>
          {managing && (
            <span className="side-row-actions">
              <button
                type="button"
                className="link"
                aria-label={`Rename collection ${collection.name}`}
                onClick={() => setRenaming(true)}
              >
                Rename
              </button>
              <ConfirmButton
                label="Delete"
                ariaLabel={`Delete collection ${collection.name}`}
                question={`Delete “${collection.name}”? Its bookmarks, notes and sub-collections move to ${movesTo}.`}
                confirmLabel="Yes, delete"
                pendingLabel="Deleting…"
                pending={deleting === collection.id}
                onConfirm={() => onDelete(collection)}
              />
            </span>
          )}
        </div>
      )}
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child) => (
            <CollectionItem
              key={child.collection.id}
              node={child}
              all={all}
              currentId={currentId}
              managing={managing}
              hrefFor={hrefFor}
              onDelete={onDelete}
              deleting={deleting}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

function NewCollectionForm({ onDone }: { onDone: () => void }) {
  const id = useId();
  const collections = useCollections();
  const create = useCreateCollection();
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState('');
  const [nameError, setNameError] = useState<string>();
  const serverErrors = fieldErrorsFromProblem(create.error, ['name', 'parentId'] as const);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError('Give the collection a name.');
      return;
    }
    create.mutate({ name: name.trim(), parentId: parentId || null }, { onSuccess: onDone });
  };
  return (
    <form className="side-form" aria-label="New collection" onSubmit={submit} noValidate>
      <FormField label="Name" error={nameError ?? serverErrors.name}>
        <input
          id={`${id}-name`}
          autoFocus
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setNameError(undefined);
          }}
        />
      </FormField>
      <FormField label="Inside" error={serverErrors.parentId}>
        <CollectionSelect
          id={`${id}-parent`}
          value={parentId}
          onChange={setParentId}
          rows={collections.rows}
          noneLabel="Top level"
        />
      </FormField>
      {create.isError && !serverErrors.name && !serverErrors.parentId && (
        <ProblemAlert error={create.error} />
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create collection'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RenameCollectionForm({ collection, onDone }: { collection: Collection; onDone: () => void }) {
  const rename = useRenameCollection();
  const [name, setName] = useState(collection.name);
  const serverError = fieldErrorsFromProblem(rename.error, ['name'] as const).name;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || name.trim() === collection.name) {
      onDone();
      return;
    }
    rename.mutate({ collection, name: name.trim() }, { onSuccess: onDone });
  };
  return (
    <form
      className="side-form"
      aria-label={`Rename collection ${collection.name}`}
      onSubmit={submit}
      noValidate
    >
      <FormField label={`New name for ${collection.name}`} error={serverError}>
        <input
          autoFocus
          value={name}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onDone();
          }}
        />
      </FormField>
      {rename.isError && !serverError && <ProblemAlert error={rename.error} />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={rename.isPending}>
          Save name
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
