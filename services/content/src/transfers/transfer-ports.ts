import {
  type BookmarkView,
  type CollectionView,
  type FileView,
  type NoteView,
  type TagView,
  type TaskView,
} from '@tracera/contracts';
import { type EmitEvent } from '@tracera/streams';
import { type EntityManager } from 'typeorm';

/** One bookmark read from an import file, before validation. */
export interface ImportedBookmark {
  /** Where it was in the file (1-based line, or record number), for the report. */
  line: number;
  url: string;
  title: string;
  description: string;
  tags: string[];
  /** Folder names from the top down; becomes nested collections (empty: no collection). */
  folderPath: string[];
  addedAt: Date | null;
  favorite: boolean;
  read: boolean;
  archived: boolean;
}

export interface SkippedRow {
  line: number;
  reason: string;
}

/** What one batch of an import did; the job adds it to its report in the same transaction. */
export interface ImportBatchOutcome {
  imported: number;
  skipped: SkippedRow[];
}

/**
 * Saves imported bookmarks for one user, one batch per call, in the caller's transaction (so the batch,
 * its events and the job's progress commit together). Rows with an invalid URL, or a URL the user already
 * has (normalized), are skipped with a reason; folders become collections (created once, reused by path).
 */
export abstract class BookmarkImporter {
  abstract importBatch(
    manager: EntityManager,
    userId: string,
    rows: readonly ImportedBookmark[],
    emit: EmitEvent,
  ): Promise<ImportBatchOutcome>;
}

/** A bookmark with the names of its collection and the collection's ancestors (top down). */
export type ExportedBookmark = BookmarkView & { collectionPath: string[] };

/** Everything a user owns, read in pages so a large account never sits in memory at once. */
export abstract class AccountReader {
  abstract bookmarks(userId: string): AsyncIterable<ExportedBookmark[]>;
  abstract notes(userId: string): AsyncIterable<NoteView[]>;
  abstract tasks(userId: string): AsyncIterable<TaskView[]>;
  abstract files(userId: string): AsyncIterable<FileView[]>;
  abstract collections(userId: string): Promise<CollectionView[]>;
  abstract tags(userId: string): Promise<TagView[]>;
}
