import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type MemberRole, messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { Outbox, validationFailed } from '@tracera/streams';
import { type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ConversationLog } from '../conversation-log/conversation-log';
import { UserDirectory } from '../directory/user-directory';
import { memberAddedEvents } from '../members/member-events';
import { MemberRepository } from '../members/member.repository';
import { NotificationWriter } from '../notifications/notification-writer';
import { ConversationSummaries } from './conversation-summaries';
import { ConversationRepository } from './conversation.repository';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

type Request = RpcRequest<typeof messagingRpc.createConversation>;
type Response = RpcResponse<typeof messagingRpc.createConversation>;

/** One direct conversation per pair of people, whoever starts it. */
export function directKeyOf(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** What identifies a create apart from its key: every other field, member order included. */
function requestHashOf(request: Request): string {
  const { type, memberIds, title } = request;
  return createHash('sha256')
    .update(JSON.stringify({ type, memberIds, title: title ?? null }))
    .digest('hex');
}

/**
 * Creates a direct or group conversation with the caller as its first member (owner of a group). A direct
 * conversation with the same person is answered instead of duplicated. Each initial member is one
 * `member:added` event (seq 1..n); members of a group other than the creator get `added_to_conversation`.
 */
@Injectable()
export class CreateConversationUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly log: ConversationLog,
    private readonly conversations: ConversationRepository,
    private readonly members: MemberRepository,
    private readonly summaries: ConversationSummaries,
    private readonly directory: UserDirectory,
    private readonly notifications: NotificationWriter,
    private readonly keys: IdempotencyKeyRepository,
  ) {}

  async execute(request: Request): Promise<Response> {
    this.check(request);
    // Outside the transaction: it may wait for auth.
    await this.directory.known([request.userId]);
    await this.directory.requireUsable(request.memberIds, 'memberIds');
    return this.outbox.transaction(async (manager) => {
      const { conversationId, created } = await this.once(manager, request, () =>
        this.create(manager, request),
      );
      return { conversation: await this.summaries.viewFor(manager, conversationId, request.userId), created };
    });
  }

  private check(request: Request): void {
    if (request.memberIds.includes(request.userId)) {
      throw validationFailed([{ field: 'memberIds', message: 'names you; you are always a member' }]);
    }
    if (request.type === 'direct') {
      if (request.memberIds.length !== 1) {
        throw validationFailed([
          { field: 'memberIds', message: 'must name exactly one person for a direct conversation' },
        ]);
      }
      if (request.title !== undefined) {
        throw validationFailed([{ field: 'title', message: 'is only for group conversations' }]);
      }
    } else if (request.title === undefined) {
      throw validationFailed([{ field: 'title', message: 'is required for a group conversation' }]);
    }
  }

  /** Runs `create` at most once per Idempotency-Key; a replay answers the same conversation (created: false). */
  private async once(
    manager: EntityManager,
    request: Request,
    create: () => Promise<{ conversationId: string; created: boolean }>,
  ): Promise<{ conversationId: string; created: boolean }> {
    const key = request.idempotencyKey;
    if (key === undefined) return create();
    await this.keys.lock(manager, request.userId, key);
    const hash = requestHashOf(request);
    const stored = await this.keys.find(manager, request.userId, key);
    if (stored !== null) {
      if (stored.requestHash === hash) return { conversationId: stored.resultId, created: false };
      throw validationFailed([
        { field: 'Idempotency-Key', message: 'was already used for a different request' },
      ]);
    }
    const result = await create();
    await this.keys.save(manager, request.userId, key, hash, result.conversationId);
    return result;
  }

  private async create(
    manager: EntityManager,
    request: Request,
  ): Promise<{ conversationId: string; created: boolean }> {
    const { userId } = request;
    const id = uuidv7();
    const directKey = request.type === 'direct' ? directKeyOf(userId, request.memberIds[0]) : null;
    const inserted = await this.conversations.insert(manager, {
      id,
      type: request.type,
      title: request.type === 'group' ? (request.title ?? null) : null,
      directKey,
      createdBy: userId,
    });
    if (!inserted) {
      // The pair already talks (perhaps since a moment ago, in a concurrent create): answer that one.
      return {
        conversationId: (await this.conversations.findIdByDirectKey(manager, directKey!))!,
        created: false,
      };
    }
    const everyone = [userId, ...request.memberIds];
    const { firstSeq, at } = await this.log.reserve(manager, id, everyone.length);
    const creatorRole: MemberRole = request.type === 'group' ? 'owner' : 'member';
    const added = await this.members.insert(
      manager,
      id,
      everyone.map((memberId, index) => ({
        userId: memberId,
        role: memberId === userId ? creatorRole : 'member',
        joinedSeq: firstSeq + index,
        firstVisibleSeq: 1,
      })),
      at,
    );
    const after = await this.summaries.summaryOf(manager, id);
    await this.log.record(
      manager,
      memberAddedEvents({ conversationId: id, firstSeq, at, actorId: userId, after, added }),
    );
    if (request.type === 'group') {
      await this.notifications.notify(
        manager,
        request.memberIds.map((memberId) => ({
          userId: memberId,
          kind: 'added_to_conversation' as const,
          conversationId: id,
          messageId: null,
          actorId: userId,
          preview: after.title ?? '',
        })),
      );
    }
    return { conversationId: id, created: true };
  }
}
