import { type ServiceDatabase } from '@tracera/db';
import { OutboxEntry, ProcessedEvent } from '@tracera/streams';
import { messagesParts } from '../messages/messages.parts';
import { DocumentMessagingSchema1795400000000 } from './migrations/1795400000000-document-messaging-schema';
import { CreateOutbox1795500000000 } from './migrations/1795500000000-create-outbox';
import { CreateConversations1795720000000 } from './migrations/1795720000000-create-conversations';

/** The messaging service's schema `messaging`: conversations, members, messages, reactions, read markers and notifications. */
export const messagingDatabase: ServiceDatabase = {
  service: 'messaging',
  schema: 'messaging',
  // The repositories speak SQL; only what is read through TypeORM's repository API is mapped.
  entities: [OutboxEntry, ProcessedEvent, ...messagesParts.entities],
  migrations: [
    DocumentMessagingSchema1795400000000,
    CreateOutbox1795500000000,
    CreateConversations1795720000000,
    ...messagesParts.migrations,
  ],
};
