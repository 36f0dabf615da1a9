import { type ServiceDatabase } from '@tracera/db';
import { OutboxEntry, ProcessedEvent } from '@tracera/streams';
import { LexiconWordEntity } from '../entities/lexicon-word.entity';
import { SearchCollectionEntity } from '../entities/search-collection.entity';
import { SearchDocumentEntity } from '../entities/search-document.entity';
import { TagChangeEntity } from '../entities/tag-change.entity';
import { DocumentSearchSchema1795400000000 } from './migrations/1795400000000-document-search-schema';
import { CreateOutbox1795500000000 } from './migrations/1795500000000-create-outbox';
import { CreateSearchReadModel1795700000000 } from './migrations/1795700000000-create-search-read-model';

/** The search-cache service's schema `search`: the search read model built from content events. */
export const searchCacheDatabase: ServiceDatabase = {
  service: 'search-cache',
  schema: 'search',
  entities: [
    OutboxEntry,
    ProcessedEvent,
    SearchDocumentEntity,
    SearchCollectionEntity,
    LexiconWordEntity,
    TagChangeEntity,
  ],
  migrations: [
    DocumentSearchSchema1795400000000,
    CreateOutbox1795500000000,
    CreateSearchReadModel1795700000000,
  ],
};
