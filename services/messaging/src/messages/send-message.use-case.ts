import { notFound, validationFailed } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { uniqueViolationOf } from '@tracera/db';
import {
  type AttachmentView,
  type messagingRpc,
  type RpcRequest,
  type RpcResponse,
} from '@tracera/contracts';
import { type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AttachmentChecker } from '../attachments/attachment-checker';
import { MemberRepository } from '../members/member.repository';
import { NotificationWriter } from '../notifications/notification-writer';
import { ReactionRepository } from '../reactions/reaction.repository';
import { ConversationWrite, NothingChanged } from './conversation-write';
import { mentionedMembers } from './mentions';
import { type MessageEntity } from './message.entity';
import { MessageRepository } from './message.repository';
import { newMessageNotifications } from './message-notifications';
import { toMessageView } from './message-views';

type Request = RpcRequest<typeof messagingRpc.sendMessage>;
type Response = RpcResponse<typeof messagingRpc.sendMessage>;

/** Raised by Postgres when two sends with one Idempotency-Key race in different conversations. */
const IDEMPOTENCY_KEY_INDEX = 'messages_idempotency_key';

/**
 * `message.send`: a retry (same clientId in the conversation, or same Idempotency-Key) answers the first
 * message with `created: false` and changes nothing. Otherwise the message takes the next seq of the
 * conversation, its `message:created` room event goes through the log, and notifications follow: the other
 * member of a direct conversation gets (coalesced) `direct_message`, mentioned members of a group `mentioned`.
 */
@Injectable()
export class SendMessageUseCase {
  constructor(
    private readonly write: ConversationWrite,
    private readonly messages: MessageRepository,
    private readonly reactions: ReactionRepository,
    private readonly members: MemberRepository,
    private readonly attachments: AttachmentChecker,
    private readonly notifications: NotificationWriter,
  ) {}

  async execute(request: Request): Promise<Response> {
    const { userId, conversationId } = request;
    const attachments = await this.checkedAttachments(request);
    if (!Array.isArray(attachments)) return attachments.replayed;
    try {
      return await this.write.run(
        conversationId,
        userId,
        async (manager, slot): Promise<Response> => {
          const retried = await this.messages.findRetried(manager, this.retryOf(request));
          if (retried !== null) throw new NothingChanged(await this.replay(manager, retried, request));
          // The member list is read only when the message needs it: a direct conversation's notification
          // goes to the other member, and only a body with `@` can mention anybody.
          const members =
            slot.conversationType === 'direct' || request.body.includes('@')
              ? await this.members.listMembers(manager, conversationId)
              : [];
          const row = await this.messages.insert(manager, {
            id: uuidv7(),
            conversationId,
            seq: slot.seq,
            senderId: userId,
            body: request.body,
            attachments,
            mentions: mentionedMembers(request.body, members),
            clientId: request.clientId ?? null,
            idempotencyKey: request.idempotencyKey ?? null,
            createdAt: slot.at,
          });
          const message = toMessageView(row, []);
          await this.write.record(manager, {
            type: 'message:created',
            conversationId,
            seq: slot.seq,
            at: slot.at.toISOString(),
            actorId: userId,
            message,
          });
          await this.notifications.notify(
            manager,
            newMessageNotifications(slot.conversationType, members, message),
          );
          return { message, created: true };
        },
        { messageAt: new Date() },
      );
    } catch (error) {
      if (uniqueViolationOf(error) !== IDEMPOTENCY_KEY_INDEX) throw error;
      const winner = await this.messages.findRetried(undefined, this.retryOf(request));
      if (winner === null) throw error;
      return this.replay(undefined, winner, request);
    }
  }

  /**
   * Attachments are checked with the content service before the conversation is locked. Only then is it
   * worth settling first, without the lock, that the caller is a member and this is not a retry: a stranger
   * or a replay never costs content RPCs. (The transaction checks both again under the lock.)
   */
  private async checkedAttachments(request: Request): Promise<AttachmentView[] | { replayed: Response }> {
    if (!request.attachments?.length) return [];
    const member = await this.members.findMember(undefined, request.conversationId, request.userId);
    if (member === null) throw notFound('conversation');
    const earlier = await this.messages.findRetried(undefined, this.retryOf(request));
    if (earlier !== null) return { replayed: await this.replay(undefined, earlier, request) };
    return this.attachments.resolve(request.userId, request.attachments);
  }

  private retryOf(request: Request) {
    return {
      conversationId: request.conversationId,
      senderId: request.userId,
      clientId: request.clientId,
      idempotencyKey: request.idempotencyKey,
    };
  }

  /** The first message, for a retry; an Idempotency-Key used for another conversation is refused. */
  private async replay(
    manager: EntityManager | undefined,
    earlier: MessageEntity,
    request: Request,
  ): Promise<Response> {
    if (earlier.conversationId !== request.conversationId) {
      throw validationFailed([
        { field: 'Idempotency-Key', message: 'was already used for a different request' },
      ]);
    }
    const reactions = await this.reactions.reactionsOf(manager, [earlier.id]);
    return { message: toMessageView(earlier, reactions.get(earlier.id) ?? []), created: false };
  }
}
