'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import { SEARCH_QUERY_KEY } from '../../search/search-queries';
import { ApiProblem } from '../../api/problem';
import { type FieldErrors, fieldErrorsFromProblem, hasErrors } from '../../forms/form-errors';
import { FormField } from '../../ui/form-field';
import { ProblemAlert } from '../../ui/problem-alert';
import { ConfirmButton } from '../../ui/confirm-button';
import { TagInput } from '../tags/tag-input';
import { MarkdownPreview } from './markdown-preview';
import {
  EMPTY_NOTE_DRAFT,
  NOTE_TITLE_MAX,
  type NoteDraft,
  draftOf,
  isDraftChanged,
  noteDraftErrors,
  noteSync,
} from './note-draft';
import { NOTES_QUERY_KEY, type Note, noteQueryKey } from './notes-queries';
import { newIdempotencyKey } from '../../api/idempotency-key';

type NoteField = 'title' | 'body' | 'tags';
const NOTE_FIELDS: readonly NoteField[] = ['title', 'body', 'tags'];
type EditorTab = 'write' | 'preview';

/** The open note's form; the page watches it leave after a delete to keep keyboard focus. */
export const noteEditorId = (noteId: string) => `note-editor-${noteId}`;

/**
 * Edits one note (or a new one when `note` is null). The draft starts from a base version and saving sends it
 * as `If-Match`, so a change made elsewhere in between is refused (412) instead of overwritten. A newer `note`
 * (refetch) replaces a clean draft quietly and never a changed one: that shows the "changed elsewhere" alert.
 */
export function NoteEditor({
  note,
  onSaved,
  onDeleted,
  onReload,
  onChangedStateChange,
}: {
  note: Note | null;
  onSaved: (note: Note, created: boolean) => void;
  onDeleted: (note: Note) => void;
  /** Fetch the note again; the draft (discarded first) then adopts the fresh version. */
  onReload: () => void;
  onChangedStateChange: (changed: boolean) => void;
}) {
  const { api } = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const [base, setBase] = useState<Note | null>(note);
  const saved = base ? draftOf(base) : EMPTY_NOTE_DRAFT;
  const [draft, setDraft] = useState<NoteDraft>(saved);
  const sync = note && base ? noteSync(base, draft, note) : 'up-to-date';
  if (sync === 'adopt' && note) {
    // Adjusting state while rendering (React's pattern for state derived from props): no stale frame shows.
    setBase(note);
    setDraft(draftOf(note));
  }
  const [tab, setTab] = useState<EditorTab>('write');
  const [errors, setErrors] = useState<FieldErrors<NoteField>>({});
  const changed = isDraftChanged(draft, saved);

  useEffect(() => {
    onChangedStateChange(changed);
  }, [changed, onChangedStateChange]);
  useEffect(() => () => onChangedStateChange(false), [onChangedStateChange]);

  const save = useMutation({
    mutationFn: async (body: NoteDraft) => {
      if (!base) {
        const answer = await unwrap(
          api.POST('/api/v1/notes', { params: { header: { 'Idempotency-Key': newIdempotencyKey() } }, body }),
        );
        return { note: answer.note, created: true };
      }
      const answer = await unwrap(
        api.PATCH('/api/v1/notes/{id}', {
          params: { path: { id: base.id }, header: { 'If-Match': String(base.version) } },
          body,
        }),
      );
      return { note: answer.note, created: false };
    },
    onSuccess: ({ note: savedNote, created }, sent) => {
      setBase(savedNote);
      // Text typed while the save was on its way stays a draft; otherwise the draft is now the saved note.
      setDraft((current) =>
        isDraftChanged({ ...current, title: current.title.trim() }, sent) ? current : draftOf(savedNote),
      );
      queryClient.setQueryData(noteQueryKey(savedNote.id), savedNote);
      void queryClient.invalidateQueries({ queryKey: [...NOTES_QUERY_KEY, 'list'] });
      void queryClient.invalidateQueries({ queryKey: SEARCH_QUERY_KEY });
      onChangedStateChange(false);
      onSaved(savedNote, created);
    },
    onError: (error) => setErrors(fieldErrorsFromProblem(error, NOTE_FIELDS)),
  });

  const remove = useMutation({
    mutationFn: (target: Note) =>
      unwrap(
        api.DELETE('/api/v1/notes/{id}', {
          params: { path: { id: target.id }, header: { 'If-Match': String(target.version) } },
        }),
      ),
    // The open note's own query is left alone: refetching it now would only answer 404 before the page moves on.
    onSuccess: (_answer, target) => {
      void queryClient.invalidateQueries({ queryKey: [...NOTES_QUERY_KEY, 'list'] });
      void queryClient.invalidateQueries({ queryKey: SEARCH_QUERY_KEY });
      onChangedStateChange(false);
      onDeleted(target);
    },
  });

  const reload = () => {
    setDraft(saved);
    setErrors({});
    save.reset();
    remove.reset();
    onReload();
  };

  const stale =
    sync === 'conflict' ||
    (save.error instanceof ApiProblem && save.error.status === 412) ||
    (remove.error instanceof ApiProblem && remove.error.status === 412);

  const saveBlocked = save.isPending || (base !== null && !changed);
  const submit = () => {
    if (saveBlocked) return;
    const clientErrors = noteDraftErrors(draft);
    setErrors(clientErrors);
    if (hasErrors(clientErrors)) return;
    save.mutate({ ...draft, title: draft.title.trim() });
  };

  const switchTabWithArrows = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const next: EditorTab = tab === 'write' ? 'preview' : 'write';
    setTab(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };

  return (
    <form
      id={base ? noteEditorId(base.id) : undefined}
      className="note-editor card"
      aria-label={base ? `Edit note ${base.title || 'Untitled'}` : 'New note'}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {stale ? (
        <div className="alert" role="alert">
          <strong>This note was changed elsewhere.</strong>
          <div>
            Your changes here are not saved. Reload to see the latest version (your edits here are discarded).
          </div>
          <button type="button" onClick={reload}>
            Reload note
          </button>
        </div>
      ) : (
        <ProblemAlert error={save.error ?? remove.error} />
      )}
      <FormField label="Title" error={errors.title}>
        <input
          value={draft.title}
          maxLength={NOTE_TITLE_MAX}
          onChange={(event) => setDraft({ ...draft, title: event.target.value })}
        />
      </FormField>

      <div className="field">
        <span className="field-label" id={`${id}-body-label`}>
          Body <span className="muted">(Markdown)</span>
        </span>
        <div role="tablist" aria-labelledby={`${id}-body-label`} className="editor-tabs">
          {(['write', 'preview'] as const).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`${id}-tab-${name}`}
              aria-selected={tab === name}
              aria-controls={`${id}-panel-${name}`}
              tabIndex={tab === name ? 0 : -1}
              onClick={() => setTab(name)}
              onKeyDown={switchTabWithArrows}
            >
              {name === 'write' ? 'Write' : 'Preview'}
            </button>
          ))}
        </div>
        <div
          role="tabpanel"
          id={`${id}-panel-write`}
          aria-labelledby={`${id}-tab-write`}
          hidden={tab !== 'write'}
        >
          <textarea
            className="note-body"
            aria-label="Body"
            aria-invalid={errors.body ? true : undefined}
            aria-describedby={errors.body ? `${id}-body-error` : undefined}
            rows={16}
            value={draft.body}
            onChange={(event) => setDraft({ ...draft, body: event.target.value })}
          />
          {errors.body && (
            <span id={`${id}-body-error`} className="field-error">
              {errors.body}
            </span>
          )}
        </div>
        <div
          role="tabpanel"
          id={`${id}-panel-preview`}
          aria-labelledby={`${id}-tab-preview`}
          hidden={tab !== 'preview'}
          tabIndex={0}
          className="note-preview"
        >
          {tab === 'preview' && <MarkdownPreview markdown={draft.body} />}
        </div>
      </div>

      <FormField label="Tags" error={errors.tags}>
        <TagInput id={`${id}-tags`} value={draft.tags} onChange={(tags) => setDraft({ ...draft, tags })} />
      </FormField>

      <div className="editor-actions">
        <button
          type="button"
          aria-pressed={draft.pinned}
          onClick={() => setDraft({ ...draft, pinned: !draft.pinned })}
        >
          Pin note
        </button>
        {/* aria-disabled, not disabled: the button keeps focus through a save instead of dropping it to <body>. */}
        <button type="submit" className="primary" aria-disabled={saveBlocked || undefined}>
          {save.isPending ? 'Saving…' : base ? 'Save note' : 'Create note'}
        </button>
        {changed && <span className="muted">Unsaved changes</span>}
        {base && (
          <ConfirmButton
            label="Delete"
            ariaLabel={`Delete note ${base.title || 'Untitled'}`}
            question="Delete this note?"
            confirmLabel="Yes, delete"
            pendingLabel="Deleting…"
            pending={remove.isPending}
            onConfirm={() => remove.mutate(base)}
          />
        )}
      </div>
    </form>
  );
}
