import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { contentEvent, contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { v7 as uuidv7 } from 'uuid';
import { CollectionRepository } from '../collections/collection.repository';
import { IdempotentCreate } from '../idempotency/idempotent-create';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { announceCreatedTags } from '../tags/tag-events';
import { BookmarkMetadataWorker } from './bookmark-metadata.worker';
import { BookmarkRepository } from './bookmark.repository';
import { alreadySaved, normalizedUrlOrRefuse, toBookmarkView } from './bookmark-views';

type Request = RpcRequest<typeof contentRpc.createBookmark>;
type Response = RpcResponse<typeof contentRpc.createBookmark>;

/** Saves a bookmark of a normalized URL (one per URL per user); the page's metadata is fetched later. */
@Injectable()
export class CreateBookmarkUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: Outbox,
    private readonly idempotency: IdempotentCreate,
    private readonly bookmarks: BookmarkRepository,
    private readonly collections: CollectionRepository,
    private readonly itemTags: ItemTagsRepository,
    private readonly metadataWorker: BookmarkMetadataWorker,
  ) {}

  async execute(request: Request): Promise<Response> {
    const { url, domain } = normalizedUrlOrRefuse(request.url);
    const fetchMetadata = this.config.content.metadataFetch.enabled;
    const result = await this.outbox.transaction((manager, emit) =>
      this.idempotency.run(manager, request, contentRpc.createBookmark.type, async (): Promise<Response> => {
        const { userId } = request;
        await this.collections.assertOwned(manager, userId, request.collectionId);
        const duplicate = await this.bookmarks.idByUrl(manager, userId, url);
        if (duplicate !== null) throw alreadySaved(duplicate);
        const row = await this.bookmarks.insert(manager, {
          id: uuidv7(),
          userId,
          url,
          domain,
          title: request.title ?? '',
          description: request.description ?? '',
          favorite: request.favorite ?? false,
          read: request.read ?? false,
          archived: request.archived ?? false,
          collectionId: request.collectionId ?? null,
          metadataState: fetchMetadata ? 'pending' : 'none',
        });
        // Another request saved the same URL between our check and insert.
        if (row === null) throw alreadySaved((await this.bookmarks.idByUrl(manager, userId, url)) ?? '');
        const tags = await this.itemTags.applyTags(manager, userId, 'bookmark', row.id, request.tags ?? []);
        announceCreatedTags(emit, userId, tags.created);
        const bookmark = toBookmarkView(row, tags.names);
        emit(contentEvent.bookmarkCreated, { userId, bookmark, source: 'api' }, { actor: userId });
        return { bookmark };
      }),
    );
    if (fetchMetadata) this.metadataWorker.wake();
    return result;
  }
}
