import { type ServiceDatabase } from '@tracera/db';
import { OutboxEntry, ProcessedEvent } from '@tracera/streams';
import { DocumentMessagingSchema1795400000000 } from './migrations/1795400000000-document-messaging-schema';
import { CreateOutbox1795500000000 } from './migrations/1795500000000-create-outbox';

/** The messaging service's schema `messaging`: conversations, members, messages, reactions, read markers and notifications. */
export const messagingDatabase: ServiceDatabase = {
  service: 'messaging',
  schema: 'messaging',
  entities: [OutboxEntry, ProcessedEvent],
  migrations: [DocumentMessagingSchema1795400000000, CreateOutbox1795500000000],
};
