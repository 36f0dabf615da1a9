'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { focusAfterRemoval } from '../../ui/focus-after-removal';
import { NoteEditor, noteEditorId } from './note-editor';
import { NoteList } from './note-list';
import { type Note, noteQueryKey, useNote } from './notes-queries';
import './notes.css';

const LEAVE_QUESTION = 'You have unsaved changes in this note. Discard them?';

/** The notes page: the list beside the editor; `?item=<id>` is the open note (deep links land here). */
export function NotesWorkspace() {
  const router = useRouter();
  const searchParams = useSearchParams();
  const openId = searchParams.get('item');
  const [creating, setCreating] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const changedRef = useRef(false);
  const trackChanged = useCallback((changed: boolean) => {
    changedRef.current = changed;
  }, []);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (changedRef.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const mayLeave = () => !changedRef.current || window.confirm(LEAVE_QUESTION);
  const show = (id: string | null) =>
    router.replace(id ? `/library/notes?item=${id}` : '/library/notes', { scroll: false });

  return (
    <>
      <div className="page-header">
        <h1 id="notes-heading" tabIndex={-1}>
          Notes
        </h1>
        <button
          type="button"
          className="primary"
          onClick={() => {
            if (!mayLeave()) return;
            setCreating(true);
            show(null);
          }}
        >
          New note
        </button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <div className="notes-layout">
        <nav aria-label="Your notes" className="notes-sidebar">
          <NoteList
            selectedId={creating ? null : openId}
            onOpen={(note) => {
              if (note.id === openId && !creating) return;
              if (!mayLeave()) return;
              setCreating(false);
              show(note.id);
            }}
          />
        </nav>
        <section aria-label="Note" className="notes-editor-pane">
          {creating ? (
            <NoteEditor
              key="new"
              note={null}
              onChangedStateChange={trackChanged}
              onReload={() => undefined}
              onSaved={(note) => {
                setCreating(false);
                setAnnouncement(`Created note ${note.title || 'Untitled'}`);
                show(note.id);
              }}
              onDeleted={() => undefined}
            />
          ) : openId ? (
            <OpenNote
              id={openId}
              onChangedStateChange={trackChanged}
              onSaved={(note) => setAnnouncement(`Saved note ${note.title || 'Untitled'}`)}
              onDeleted={(note) => {
                setAnnouncement(`Deleted note ${note.title || 'Untitled'}`);
                show(null);
                // The editor that held focus is gone; the page heading keeps the person's place.
                focusAfterRemoval('notes-heading', noteEditorId(note.id));
              }}
            />
          ) : (
            <p className="muted">Choose a note, or create a new one.</p>
          )}
        </section>
      </div>
    </>
  );
}

function OpenNote({
  id,
  onChangedStateChange,
  onSaved,
  onDeleted,
}: {
  id: string;
  onChangedStateChange: (changed: boolean) => void;
  onSaved: (note: Note) => void;
  onDeleted: (note: Note) => void;
}) {
  const queryClient = useQueryClient();
  const note = useNote(id);
  if (note.isPending) return <LoadingState label="Opening the note" />;
  if (note.error) return <ProblemAlert error={note.error} onRetry={() => void note.refetch()} />;
  return (
    <NoteEditor
      // One editor per note: newer versions are merged into its draft by the editor, never by remounting.
      key={note.data.id}
      note={note.data}
      onChangedStateChange={onChangedStateChange}
      onReload={() => void queryClient.invalidateQueries({ queryKey: noteQueryKey(id) })}
      onSaved={onSaved}
      onDeleted={onDeleted}
    />
  );
}
