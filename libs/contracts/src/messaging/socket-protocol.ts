import { z } from 'zod';
import {
  attachmentRefList,
  clientIdField,
  messageBodyField,
  presenceStatusField,
  seqField,
} from './messaging-fields';
import { messageView, notificationView, roomEvent } from './messaging-models';
import { RESYNC_MAX_EVENTS } from './messaging.rpc';

// The Socket.IO protocol of path `/socket.io` (WebSocket transport). Client → server events are checked
// against these schemas and answered through the acknowledgement callback; a payload that fails its schema
// is answered `{ok: false, error}` and changes nothing.

/** The problem a failed acknowledgement carries: the same fields as the REST problem+json body. */
export const socketProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** For `rate_limited`: when a send will be accepted again. */
  retryAfterMs: z.number().int().min(0).optional(),
});
export type SocketProblem = z.infer<typeof socketProblem>;

export const clientEvents = {
  messageSend: 'message:send',
  typing: 'typing',
  resync: 'resync',
  presencePing: 'presence:ping',
} as const;

export const serverEvents = {
  typing: 'typing',
  presence: 'presence',
  notification: 'notification',
  sessionRevoked: 'session:revoked',
  /** To `user:<id>`: the person reached a challenge's target; the payload is the `challenge.completed` data. */
  challengeCompleted: 'challenge:completed',
} as const;

export const messageSendPayload = z.strictObject({
  conversationId: z.uuid(),
  body: messageBodyField,
  attachments: attachmentRefList.optional(),
  /** Required over the socket: an acknowledgement can be lost, and the retry must not post twice. */
  clientId: clientIdField,
});
export const messageSendAck = z.object({ ok: z.literal(true), message: messageView, created: z.boolean() });

export const typingPayload = z.strictObject({ conversationId: z.uuid(), typing: z.boolean() });
/** Pushed to the other members' sockets; never stored. */
export const typingEvent = z.object({ conversationId: z.uuid(), userId: z.uuid(), typing: z.boolean() });

export const resyncPayload = z.strictObject({
  conversationId: z.uuid(),
  afterSeq: seqField,
  limit: z.number().int().min(1).max(RESYNC_MAX_EVENTS).optional(),
});
export const resyncAck = z.object({
  ok: z.literal(true),
  events: z.array(roomEvent),
  hasMore: z.boolean(),
  lastSeq: seqField,
});

/** `away` when the client is idle or hidden; omitted means online. */
export const presencePingPayload = z.strictObject({
  status: presenceStatusField.exclude(['offline']).optional(),
});
export const presenceEvent = z.object({ userId: z.uuid(), status: presenceStatusField });

export const notificationEvent = z.object({ notification: notificationView });

/** Sent to a socket just before the server disconnects it because its session ended. */
export const sessionRevokedEvent = z.object({ reason: z.string() });

export type RoomEventPush = z.infer<typeof roomEvent>;
