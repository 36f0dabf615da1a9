import { type ServiceDatabase } from '@tracera/db';
import { OutboxEntry, ProcessedEvent } from '@tracera/streams';
import { DocumentContentSchema1795400000000 } from './migrations/1795400000000-document-content-schema';
import { CreateOutbox1795500000000 } from './migrations/1795500000000-create-outbox';

/** The content service's schema `content`: bookmarks, notes, tasks, files, tags and collections. */
export const contentDatabase: ServiceDatabase = {
  service: 'content',
  schema: 'content',
  entities: [OutboxEntry, ProcessedEvent],
  migrations: [DocumentContentSchema1795400000000, CreateOutbox1795500000000],
};
