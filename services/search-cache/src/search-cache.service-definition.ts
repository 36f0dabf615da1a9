import { authEvent, contentEvent } from '@tracera/contracts';
import { type ServiceDefinition } from '@tracera/platform';
import { searchCacheDatabase } from './database/search-cache.database';
import { SearchCacheModule } from './search-cache.module';

/** Every content event the read model applies (import/export completions and tag.created change nothing). */
const CONTENT_EVENTS = [
  contentEvent.bookmarkCreated,
  contentEvent.bookmarkUpdated,
  contentEvent.bookmarkDeleted,
  contentEvent.noteCreated,
  contentEvent.noteUpdated,
  contentEvent.noteDeleted,
  contentEvent.taskCreated,
  contentEvent.taskUpdated,
  contentEvent.taskCompleted,
  contentEvent.taskDeleted,
  contentEvent.fileUploaded,
  contentEvent.fileUpdated,
  contentEvent.fileDeleted,
  contentEvent.tagRenamed,
  contentEvent.tagMerged,
  contentEvent.tagDeleted,
  contentEvent.collectionCreated,
  contentEvent.collectionUpdated,
  contentEvent.collectionDeleted,
].map((contract) => contract.type);

/** The search-cache service as the platform boots it; tests and the rebuild command build the same app. */
export const searchCacheService: ServiceDefinition = {
  service: 'search-cache',
  defaultPort: 8083,
  module: SearchCacheModule,
  database: searchCacheDatabase,
  streams: {
    consumes: [...CONTENT_EVENTS, authEvent.userUpdated.type],
    // Events of one item may then be handled out of order; versions and tombstones make the result the same.
    // Many handlers in flight let item snapshots share a transaction (ItemChangeBatcher); a second read's
    // worth queues while one batch is written.
    eventConsumer: { concurrency: 1000, batchSize: 500 },
  },
};
