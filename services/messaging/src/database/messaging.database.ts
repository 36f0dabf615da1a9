import { type ServiceDatabase } from '@tracera/db';
import { OutboxEntry, ProcessedEvent } from '@tracera/streams';
import { ConversationEventEntity } from '../conversation-log/conversation-event.entity';
import { ConversationEntity } from '../conversations/conversation.entity';
import { IdempotencyKeyEntity } from '../conversations/idempotency-key.entity';
import { DirectoryUserEntity } from '../directory/directory-user.entity';
import { MemberEntity } from '../members/member.entity';
import { messagesParts } from '../messages/messages.parts';
import { NotificationEntity } from '../notifications/notification.entity';
import { DocumentMessagingSchema1795400000000 } from './migrations/1795400000000-document-messaging-schema';
import { CreateOutbox1795500000000 } from './migrations/1795500000000-create-outbox';
import { CreateConversations1795720000000 } from './migrations/1795720000000-create-conversations';

/** The messaging service's schema `messaging`: conversations, members, messages, reactions, read markers and notifications. */
export const messagingDatabase: ServiceDatabase = {
  service: 'messaging',
  schema: 'messaging',
  entities: [
    OutboxEntry,
    ProcessedEvent,
    DirectoryUserEntity,
    ConversationEntity,
    MemberEntity,
    ConversationEventEntity,
    NotificationEntity,
    IdempotencyKeyEntity,
    ...messagesParts.entities,
  ],
  migrations: [
    DocumentMessagingSchema1795400000000,
    CreateOutbox1795500000000,
    CreateConversations1795720000000,
    ...messagesParts.migrations,
  ],
};
