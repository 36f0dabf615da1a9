import { Injectable } from '@nestjs/common';
import { contentEvent, DESCRIPTION_MAX, TITLE_MAX } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { type PageMetadata } from '../web-pages/page-metadata.fetcher';
import { type BookmarkChanges, BookmarkRepository, type MetadataClaim } from './bookmark.repository';
import { toBookmarkView } from './bookmark-views';

/**
 * Fills the fields of a bookmark the user left empty with what its page says; what the user typed (even
 * after the fetch started) is never overwritten. A change bumps the version and emits `bookmark.updated`.
 */
@Injectable()
export class ApplyPageMetadataUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly bookmarks: BookmarkRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  async execute(claim: MetadataClaim, metadata: PageMetadata): Promise<void> {
    const { userId, id } = claim;
    await this.outbox.transaction(async (manager, emit) => {
      const row = await this.bookmarks.findForUpdate(manager, userId, id);
      // Deleted, or its URL changed while we fetched: the result is about another page.
      if (row === null || row.metadataState !== 'pending' || row.url !== claim.url) {
        if (row !== null) await this.bookmarks.finishMetadata(manager, id, 'none', null);
        return;
      }
      const changes: BookmarkChanges = {};
      const title = metadata.title?.trim().slice(0, TITLE_MAX);
      if (row.title === '' && title) changes.title = title;
      const description = metadata.description?.trim().slice(0, DESCRIPTION_MAX);
      if (row.description === '' && description) changes.description = description;
      if (row.faviconUrl === null && metadata.faviconUrl) changes.faviconUrl = metadata.faviconUrl;
      await this.bookmarks.finishMetadata(manager, id, 'done', null);
      const changed = Object.keys(changes);
      if (changed.length === 0) return;
      const updated = await this.bookmarks.update(manager, userId, id, changes);
      const tags = (await this.itemTags.tagsOf(manager, userId, 'bookmark', [id])).get(id) ?? [];
      emit(
        contentEvent.bookmarkUpdated,
        { userId, bookmark: toBookmarkView(updated, tags), changed },
        { actor: 'system' },
      );
    });
  }

  /** Records a failed fetch; the bookmark is retried after the claim lease until attempts run out. */
  async recordFailure(claim: MetadataClaim, reason: string, final: boolean): Promise<void> {
    await this.outbox.transaction(async (manager) => {
      const row = await this.bookmarks.findForUpdate(manager, claim.userId, claim.id);
      if (row === null || row.metadataState !== 'pending') return;
      if (final) await this.bookmarks.finishMetadata(manager, claim.id, 'failed', reason);
      else await this.bookmarks.recordMetadataError(manager, claim.id, reason);
    });
  }
}
