import {
  EMPTY_NOTE_DRAFT,
  draftOf,
  isDraftChanged,
  noteDraftErrors,
  noteSync,
  orderNotes,
} from './note-draft';

const saved = {
  id: 'n1',
  title: 'Plan',
  body: '# Plan',
  tags: ['work'],
  pinned: false,
  updatedAt: '2026-01-01',
};

describe('isDraftChanged', () => {
  it('is false for an untouched copy', () => {
    expect(isDraftChanged(draftOf(saved), saved)).toBe(false);
  });

  it('notices each field', () => {
    expect(isDraftChanged({ ...draftOf(saved), title: 'Plan B' }, saved)).toBe(true);
    expect(isDraftChanged({ ...draftOf(saved), body: '# Plan!' }, saved)).toBe(true);
    expect(isDraftChanged({ ...draftOf(saved), pinned: true }, saved)).toBe(true);
    expect(isDraftChanged({ ...draftOf(saved), tags: ['work', 'q1'] }, saved)).toBe(true);
    expect(isDraftChanged({ ...draftOf(saved), tags: ['home'] }, saved)).toBe(true);
  });

  it('does not share the tag array with the note it copies', () => {
    const draft = draftOf(saved);
    draft.tags.push('extra');
    expect(saved.tags).toEqual(['work']);
  });
});

describe('noteSync', () => {
  const base = { ...saved, version: 3 };

  it('does nothing while the server has no newer version', () => {
    expect(noteSync(base, { ...draftOf(saved), body: 'mine' }, { version: 3 })).toBe('up-to-date');
    expect(noteSync(base, draftOf(saved), { version: 2 })).toBe('up-to-date');
  });

  it('adopts a newer version when the draft is untouched', () => {
    expect(noteSync(base, draftOf(saved), { version: 4 })).toBe('adopt');
  });

  it('keeps a changed draft and reports the conflict instead of replacing it', () => {
    expect(noteSync(base, { ...draftOf(saved), body: 'original plus my work' }, { version: 4 })).toBe(
      'conflict',
    );
    expect(noteSync(base, { ...draftOf(saved), pinned: true }, { version: 9 })).toBe('conflict');
  });
});

describe('noteDraftErrors', () => {
  it('wants a title or a body', () => {
    expect(noteDraftErrors(EMPTY_NOTE_DRAFT).title).toBeDefined();
    expect(noteDraftErrors({ ...EMPTY_NOTE_DRAFT, body: 'text' })).toEqual({});
    expect(noteDraftErrors({ ...EMPTY_NOTE_DRAFT, title: 'Title' })).toEqual({});
  });

  it('refuses an over-long title or body', () => {
    expect(noteDraftErrors({ ...EMPTY_NOTE_DRAFT, title: 'x'.repeat(501) }).title).toMatch(/500/);
    expect(noteDraftErrors({ ...EMPTY_NOTE_DRAFT, title: 't', body: 'x'.repeat(200_001) }).body).toMatch(
      /200000/,
    );
  });
});

describe('orderNotes', () => {
  it('puts pinned notes first, then the most recently updated, without duplicates', () => {
    const notes = [
      { ...saved, id: 'old', updatedAt: '2026-01-01T00:00:00Z' },
      { ...saved, id: 'new', updatedAt: '2026-01-03T00:00:00Z' },
      { ...saved, id: 'pinned-old', pinned: true, updatedAt: '2025-12-01T00:00:00Z' },
      { ...saved, id: 'old', updatedAt: '2026-01-02T00:00:00Z' },
    ];
    const ordered = orderNotes(notes);
    expect(ordered.map((n) => n.id)).toEqual(['pinned-old', 'new', 'old']);
    expect(ordered[2].updatedAt).toBe('2026-01-02T00:00:00Z');
  });
});
