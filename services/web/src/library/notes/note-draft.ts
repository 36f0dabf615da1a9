/** The note being edited, compared with what was loaded, so leaving it with changes can be caught. */

export interface NoteDraft {
  title: string;
  body: string;
  tags: string[];
  pinned: boolean;
}

/** The saved fields a draft starts from and is compared with. */
export interface SavedNote extends NoteDraft {
  id: string;
  updatedAt: string;
}

// Mirrors the contract's TITLE_MAX / NOTE_BODY_MAX so the person hears it before sending.
export const NOTE_TITLE_MAX = 500;
export const NOTE_BODY_MAX = 200_000;

export const EMPTY_NOTE_DRAFT: NoteDraft = { title: '', body: '', tags: [], pinned: false };

export function draftOf(note: NoteDraft): NoteDraft {
  return { title: note.title, body: note.body, tags: [...note.tags], pinned: note.pinned };
}

export function isDraftChanged(draft: NoteDraft, saved: NoteDraft): boolean {
  return (
    draft.title !== saved.title ||
    draft.body !== saved.body ||
    draft.pinned !== saved.pinned ||
    draft.tags.length !== saved.tags.length ||
    draft.tags.some((tag, index) => tag !== saved.tags[index])
  );
}

/**
 * What the open editor does when the server's copy of its note moves past the version the draft started
 * from: a clean draft adopts it quietly; a changed one is kept and the person is told (never overwritten).
 */
export type NoteSync = 'up-to-date' | 'adopt' | 'conflict';

export function noteSync(
  base: NoteDraft & { version: number },
  draft: NoteDraft,
  latest: { version: number },
): NoteSync {
  if (latest.version <= base.version) return 'up-to-date';
  return isDraftChanged(draft, base) ? 'conflict' : 'adopt';
}

export function noteDraftErrors(draft: NoteDraft): { title?: string; body?: string } {
  const errors: { title?: string; body?: string } = {};
  if (!draft.title.trim() && !draft.body.trim()) errors.title = 'Give the note a title or some text.';
  else if (draft.title.trim().length > NOTE_TITLE_MAX)
    errors.title = `Keep the title to ${NOTE_TITLE_MAX} characters.`;
  if (draft.body.length > NOTE_BODY_MAX) errors.body = `Keep the note to ${NOTE_BODY_MAX} characters.`;
  return errors;
}

/** Pinned notes first, then the most recently changed; a note seen in two pages counts once. */
export function orderNotes<T extends SavedNote>(notes: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const note of notes) {
    const seen = byId.get(note.id);
    if (!seen || seen.updatedAt < note.updatedAt) byId.set(note.id, note);
  }
  return [...byId.values()].sort((a, b) => {
    if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
    return b.updatedAt.localeCompare(a.updatedAt);
  });
}
