import { type ServiceDatabase } from '@tracera/db';
import { OutboxEntry, ProcessedEvent } from '@tracera/streams';
import { DocumentSearchSchema1795400000000 } from './migrations/1795400000000-document-search-schema';
import { CreateOutbox1795500000000 } from './migrations/1795500000000-create-outbox';

/** The search-cache service's schema `search`: the search read model built from content events. */
export const searchCacheDatabase: ServiceDatabase = {
  service: 'search-cache',
  schema: 'search',
  entities: [OutboxEntry, ProcessedEvent],
  migrations: [DocumentSearchSchema1795400000000, CreateOutbox1795500000000],
};
