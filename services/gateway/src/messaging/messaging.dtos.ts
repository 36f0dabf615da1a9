import { emojiField, messagingRpc, SEQ_MAX, seqField } from '@tracera/contracts';
import { createApiDto } from '../http/api-dto';
import { z } from 'zod';

// Bodies: the contracts' strict schemas, so the edge and the messaging service apply the same rules.
export class CreateConversationDto extends createApiDto(messagingRpc.createConversationBody) {}
export class UpdateConversationDto extends createApiDto(messagingRpc.updateConversationBody) {}
export class AddMembersDto extends createApiDto(messagingRpc.addMembersBody) {}
export class SendMessageDto extends createApiDto(messagingRpc.sendMessageBody) {}
export class EditMessageDto extends createApiDto(messagingRpc.editMessageBody) {}
export class AddReactionDto extends createApiDto(messagingRpc.addReactionBody) {}
export class MarkReadDto extends createApiDto(messagingRpc.markReadBody) {}

// Route parameters.
export class IdParamsDto extends createApiDto(z.strictObject({ id: z.uuid() })) {}
export class MemberParamsDto extends createApiDto(z.strictObject({ id: z.uuid(), userId: z.uuid() })) {}
/** The emoji arrives percent-encoded in the path (`%F0%9F%91%8D`); Fastify decodes it before this check. */
export class ReactionParamsDto extends createApiDto(z.strictObject({ id: z.uuid(), emoji: emojiField })) {}

// Queries. Query strings are text: numbers are coerced, booleans spelled `true|false`.
const page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};
const booleanQuery = z.enum(['true', 'false']).transform((flag) => flag === 'true');
/**
 * A seq as plain digits only: `z.coerce` would also take `''`, `1e3` or `0x10`. Seqs are Postgres integers,
 * so a larger number cannot name a real position and is refused here rather than overflowing a query.
 */
const seqQuery = z
  .string()
  .regex(/^\d{1,10}$/, 'must be a non-negative integer')
  .transform(Number)
  .pipe(seqField.max(SEQ_MAX, 'must be a non-negative integer below 2^31'));

export class ConversationListQueryDto extends createApiDto(
  z.strictObject({ archived: booleanQuery.optional(), ...page }),
) {}

export class MessageListQueryDto extends createApiDto(
  z
    .strictObject({ before: seqQuery.optional(), after: seqQuery.optional(), limit: page.limit })
    // One page goes one way: both at once would leave the client guessing which end it got.
    .refine((query) => query.before === undefined || query.after === undefined, {
      message: 'give `before` or `after`, not both',
      path: ['after'],
    }),
) {}

export class EventsQueryDto extends createApiDto(
  z.strictObject({
    afterSeq: seqQuery.default(0),
    limit: z.coerce.number().int().min(1).max(messagingRpc.RESYNC_MAX_EVENTS).default(500),
  }),
) {}

export class MessageSearchQueryDto extends createApiDto(
  z.strictObject({
    q: messagingRpc.searchMessages.request.shape.query,
    conversationId: z.uuid().optional(),
    ...page,
    limit: page.limit.unwrap().default(20),
  }),
) {}

export class NotificationListQueryDto extends createApiDto(
  z.strictObject({ unread: booleanQuery.optional(), ...page }),
) {}

// Answers.
export class ConversationDto extends createApiDto(messagingRpc.getConversation.response) {}
export class ConversationPageDto extends createApiDto(messagingRpc.listConversations.response) {}
export class MembersAddedDto extends createApiDto(messagingRpc.addMembers.response) {}
export class MessageDto extends createApiDto(messagingRpc.editMessage.response) {}
export class MessagePageDto extends createApiDto(messagingRpc.listMessages.response) {}
export class ReadMarkerDto extends createApiDto(messagingRpc.markRead.response) {}
export class ConversationEventsDto extends createApiDto(messagingRpc.conversationEvents.response) {}
export class MessageSearchPageDto extends createApiDto(messagingRpc.searchMessages.response) {}
export class NotificationPageDto extends createApiDto(messagingRpc.listNotifications.response) {}
export class NotificationDto extends createApiDto(messagingRpc.markNotificationRead.response) {}
export class NotificationsReadDto extends createApiDto(messagingRpc.markAllNotificationsRead.response) {}
