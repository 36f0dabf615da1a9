'use client';

import { useEffect } from 'react';
import { useDateFormat } from '../../ui/use-date-format';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { orderNotes } from './note-draft';
import { type Note, usePinnedNotes, useUnpinnedNotes } from './notes-queries';

/** Pinned notes first, then the rest by last change; the open note is marked and scrolled into view. */
export function NoteList({
  selectedId,
  onOpen,
}: {
  selectedId: string | null;
  onOpen: (note: Note) => void;
}) {
  const format = useDateFormat();
  const pinned = usePinnedNotes();
  const unpinned = useUnpinnedNotes();
  const notes = orderNotes([
    ...(pinned.data?.items ?? []),
    ...(unpinned.data?.pages.flatMap((p) => p.items) ?? []),
  ]);
  const loaded = pinned.isSuccess && unpinned.isSuccess;

  useEffect(() => {
    if (selectedId && loaded) {
      document.getElementById(`note-${selectedId}`)?.scrollIntoView({ block: 'nearest' });
    }
  }, [selectedId, loaded]);

  if (pinned.isPending || unpinned.isPending) return <LoadingState label="Loading notes" />;
  if (!pinned.data || !unpinned.data) {
    return (
      <ProblemAlert
        error={pinned.error ?? unpinned.error}
        onRetry={() => {
          void pinned.refetch();
          void unpinned.refetch();
        }}
      />
    );
  }
  if (notes.length === 0) return <p className="muted">No notes yet. Create your first one.</p>;
  return (
    <div>
      <ul className="note-list" aria-label="Notes">
        {notes.map((note) => (
          <li key={note.id} id={`note-${note.id}`}>
            <button
              type="button"
              className="note-list-item"
              aria-current={note.id === selectedId ? 'true' : undefined}
              onClick={() => onOpen(note)}
            >
              <span className="note-list-title">
                {note.title || 'Untitled'}
                {note.pinned && <span className="tag note-pinned">Pinned</span>}
              </span>
              <span className="muted note-list-meta">
                Updated <time dateTime={note.updatedAt}>{format.dateTime(note.updatedAt)}</time>
                {note.tags.length > 0 && ` · ${note.tags.map((tag) => `#${tag}`).join(' ')}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {unpinned.hasNextPage && (
        <button
          type="button"
          disabled={unpinned.isFetchingNextPage}
          onClick={() => void unpinned.fetchNextPage()}
        >
          {unpinned.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
      <ProblemAlert error={pinned.error ?? unpinned.error} />
    </div>
  );
}
