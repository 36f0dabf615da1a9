import { Module } from '@nestjs/common';
import { CacheModule } from '@tracera/cache';
import { SessionsModule } from '@tracera/sessions';
import { ContentEventsController } from './events/content-events.controller';
import { UserEventsController } from './events/user-events.controller';
import { ItemChangeBatcher } from './read-model/item-change-batcher';
import { LexiconRepository } from './repositories/lexicon.repository';
import { SearchCollectionRepository } from './repositories/search-collection.repository';
import { SearchDocumentRepository } from './repositories/search-document.repository';
import { TagChangeRepository } from './repositories/tag-change.repository';
import { SearchRpcController } from './rpc/search.rpc-controller';
import { ApplyCollectionChangeUseCase } from './use-cases/apply-collection-change.use-case';
import { ApplyCollectionDeletionUseCase } from './use-cases/apply-collection-deletion.use-case';
import { ApplyItemChangeUseCase } from './use-cases/apply-item-change.use-case';
import { ApplyItemDeletionUseCase } from './use-cases/apply-item-deletion.use-case';
import { ApplyTagChangeUseCase } from './use-cases/apply-tag-change.use-case';
import { ForgetUserProfileUseCase } from './use-cases/forget-user-profile.use-case';
import { RebuildSearchIndexUseCase } from './use-cases/rebuild-search-index.use-case';
import { SearchUseCase } from './use-cases/search.use-case';

/**
 * The search-cache service's features: the search read model built from content events, `search.query`
 * with its result cache, and the profile cache's invalidation. Health, metrics, Redis and Postgres come
 * from the platform.
 */
@Module({
  imports: [CacheModule.forRoot(), SessionsModule.forRoot()],
  controllers: [SearchRpcController, ContentEventsController, UserEventsController],
  providers: [
    SearchDocumentRepository,
    SearchCollectionRepository,
    LexiconRepository,
    TagChangeRepository,
    ApplyItemChangeUseCase,
    ItemChangeBatcher,
    ApplyItemDeletionUseCase,
    ApplyTagChangeUseCase,
    ApplyCollectionChangeUseCase,
    ApplyCollectionDeletionUseCase,
    ForgetUserProfileUseCase,
    SearchUseCase,
    RebuildSearchIndexUseCase,
  ],
})
export class SearchCacheModule {}
