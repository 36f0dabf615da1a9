import { type BookmarkView, type FileView, type NoteView, type TaskView } from '@tracera/contracts';
import { type ItemSnapshotView } from '../recommendations/items-read-model';

/** What recommendations keep of each content item: its title, tags, domain and whether it is done. */
export function bookmarkSnapshot(bookmark: BookmarkView): ItemSnapshotView {
  const { id, title, tags, domain, version } = bookmark;
  return { id, title, tags, domain, version };
}

export function noteSnapshot(note: NoteView): ItemSnapshotView {
  const { id, title, tags, version } = note;
  return { id, title, tags, version };
}

export function taskSnapshot(task: TaskView): ItemSnapshotView {
  const { id, title, tags, version } = task;
  return { id, title, tags, version, done: task.status === 'done' };
}

export function fileSnapshot(file: FileView): ItemSnapshotView {
  const { id, name, tags, version } = file;
  return { id, title: name, tags, version };
}
