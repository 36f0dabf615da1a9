import { type ServiceDatabase } from '@tracera/db';
import { DocumentMessagingSchema1795400000000 } from './migrations/1795400000000-document-messaging-schema';

/** The messaging service's schema `messaging`: conversations, members, messages, reactions, read markers and notifications. */
export const messagingDatabase: ServiceDatabase = {
  service: 'messaging',
  schema: 'messaging',
  entities: [],
  migrations: [DocumentMessagingSchema1795400000000],
};
