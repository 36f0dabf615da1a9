import { type NoteView } from '@tracera/contracts';
import { type NoteEntity } from './note.entity';

export function toNoteView(row: NoteEntity, tags: string[]): NoteView {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    pinned: row.pinned,
    tags,
    collectionId: row.collectionId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
