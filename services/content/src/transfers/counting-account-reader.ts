import {
  type CollectionView,
  type FileView,
  type NoteView,
  type TagView,
  type TaskView,
} from '@tracera/contracts';
import { AccountReader, type ExportedBookmark } from './transfer-ports';

/** Passes pages through unchanged and counts the items in them, for an export's `processed`. */
export class CountingAccountReader extends AccountReader {
  itemCount = 0;

  constructor(private readonly inner: AccountReader) {
    super();
  }

  bookmarks(userId: string): AsyncIterable<ExportedBookmark[]> {
    return this.counted(this.inner.bookmarks(userId));
  }

  notes(userId: string): AsyncIterable<NoteView[]> {
    return this.counted(this.inner.notes(userId));
  }

  tasks(userId: string): AsyncIterable<TaskView[]> {
    return this.counted(this.inner.tasks(userId));
  }

  files(userId: string): AsyncIterable<FileView[]> {
    return this.counted(this.inner.files(userId));
  }

  collections(userId: string): Promise<CollectionView[]> {
    return this.inner.collections(userId);
  }

  tags(userId: string): Promise<TagView[]> {
    return this.inner.tags(userId);
  }

  private async *counted<T>(pages: AsyncIterable<T[]>): AsyncIterable<T[]> {
    for await (const page of pages) {
      this.itemCount += page.length;
      yield page;
    }
  }
}
