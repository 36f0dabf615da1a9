import { type ServiceDatabase } from '@tracera/db';
import { OutboxEntry, ProcessedEvent } from '@tracera/streams';
import { DocumentAuthSchema1795400000000 } from './migrations/1795400000000-document-auth-schema';
import { CreateOutbox1795500000000 } from './migrations/1795500000000-create-outbox';

/** The auth service's schema `auth`: users, password hashes and personal API tokens. */
export const authDatabase: ServiceDatabase = {
  service: 'auth',
  schema: 'auth',
  entities: [OutboxEntry, ProcessedEvent],
  migrations: [DocumentAuthSchema1795400000000, CreateOutbox1795500000000],
};
