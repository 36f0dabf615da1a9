import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import {
  contentEvent,
  DESCRIPTION_MAX,
  tagNameField,
  TAGS_PER_ITEM_MAX,
  TITLE_MAX,
} from '@tracera/contracts';
import { type EmitEvent } from '@tracera/streams';
import { type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CollectionRepository } from '../collections/collection.repository';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { announceCreatedTags } from '../tags/tag-events';
import {
  BookmarkImporter,
  type ImportBatchOutcome,
  type ImportedBookmark,
  type SkippedRow,
} from '../transfers/transfer-ports';
import { InvalidBookmarkUrlError, normalizeBookmarkUrl } from '../web-pages/bookmark-url';
import { BookmarkRepository, type ImportedBookmarkRow } from './bookmark.repository';
import { toBookmarkView } from './bookmark-views';
import { ImportFolders } from './import-folders';

const ALREADY_SAVED = 'already saved';

interface AcceptedRow {
  source: ImportedBookmark;
  row: ImportedBookmarkRow;
  tags: string[];
}

/** Valid, distinct tag names of an imported row; names no tag could have are dropped, not the row. */
function importedTags(raw: readonly string[]): string[] {
  const names = new Set<string>();
  for (const candidate of raw) {
    const parsed = tagNameField.safeParse(candidate);
    if (parsed.success) names.add(parsed.data);
    if (names.size === TAGS_PER_ITEM_MAX) break;
  }
  return [...names].sort();
}

/**
 * Saves a batch of imported bookmarks with a handful of statements whatever the batch size: one lookup of
 * the URLs the user has, one multi-row insert, one for the tags and one for the join rows, then one
 * `bookmark.created` (source `import`) per saved row.
 */
@Injectable()
export class PostgresBookmarkImporter extends BookmarkImporter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bookmarks: BookmarkRepository,
    private readonly collections: CollectionRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {
    super();
  }

  async importBatch(
    manager: EntityManager,
    userId: string,
    rows: readonly ImportedBookmark[],
    emit: EmitEvent,
  ): Promise<ImportBatchOutcome> {
    const skipped: SkippedRow[] = [];
    const candidates = this.normalize(userId, rows, skipped);
    const existing = await this.bookmarks.existingUrls(
      manager,
      userId,
      candidates.map((candidate) => candidate.row.url),
    );
    const folders = new ImportFolders(this.collections, manager, userId, emit);
    const accepted: AcceptedRow[] = [];
    for (const candidate of candidates) {
      if (existing.has(candidate.row.url)) {
        skipped.push({ line: candidate.source.line, reason: ALREADY_SAVED });
        continue;
      }
      candidate.row.collectionId = await folders.collectionOf(candidate.source.folderPath);
      accepted.push(candidate);
    }
    const stored = await this.bookmarks.insertMany(
      manager,
      accepted.map((candidate) => candidate.row),
    );
    const storedIds = new Set(stored.map((row) => row.id));
    // A URL another request saved between the lookup and the insert.
    for (const candidate of accepted) {
      if (!storedIds.has(candidate.row.id))
        skipped.push({ line: candidate.source.line, reason: ALREADY_SAVED });
    }
    const tagsById = new Map(accepted.map((candidate) => [candidate.row.id, candidate.tags]));
    const createdTags = await this.itemTags.tagNewItems(
      manager,
      userId,
      'bookmark',
      stored.map((row) => ({ itemId: row.id, names: tagsById.get(row.id) ?? [] })),
    );
    announceCreatedTags(emit, userId, createdTags);
    for (const row of stored) {
      const bookmark = toBookmarkView(row, tagsById.get(row.id) ?? []);
      emit(contentEvent.bookmarkCreated, { userId, bookmark, source: 'import' }, { actor: userId });
    }
    skipped.sort((a, b) => a.line - b.line);
    return { imported: stored.length, skipped };
  }

  /** Rows with a bookmarkable URL, each URL once (a repeat in the file counts as already saved). */
  private normalize(userId: string, rows: readonly ImportedBookmark[], skipped: SkippedRow[]): AcceptedRow[] {
    // Imports fetch metadata only for untitled bookmarks: a browser export already has titles.
    const fetchMetadata = this.config.content.metadataFetch.enabled;
    const seen = new Set<string>();
    const accepted: AcceptedRow[] = [];
    for (const source of rows) {
      let normalized;
      try {
        normalized = normalizeBookmarkUrl(source.url);
      } catch (error) {
        if (!(error instanceof InvalidBookmarkUrlError)) throw error;
        skipped.push({ line: source.line, reason: `invalid URL: ${error.message}` });
        continue;
      }
      if (seen.has(normalized.url)) {
        skipped.push({ line: source.line, reason: ALREADY_SAVED });
        continue;
      }
      seen.add(normalized.url);
      const title = source.title.trim().slice(0, TITLE_MAX);
      accepted.push({
        source,
        tags: importedTags(source.tags),
        row: {
          id: uuidv7(),
          userId,
          url: normalized.url,
          domain: normalized.domain,
          title,
          description: source.description.slice(0, DESCRIPTION_MAX),
          favorite: source.favorite,
          read: source.read,
          archived: source.archived,
          collectionId: null,
          metadataState: fetchMetadata && title === '' ? 'pending' : 'none',
          createdAt: source.addedAt ?? new Date(),
        },
      });
    }
    return accepted;
  }
}
