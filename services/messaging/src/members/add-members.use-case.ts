import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { forbidden, Outbox, validationFailed } from '@tracera/streams';
import { ConversationLog } from '../conversation-log/conversation-log';
import { ConversationSummaries } from '../conversations/conversation-summaries';
import { ConversationRepository } from '../conversations/conversation.repository';
import { UserDirectory } from '../directory/user-directory';
import { NotificationWriter } from '../notifications/notification-writer';
import { memberAddedEvents } from './member-events';
import { MemberRepository } from './member.repository';

type Request = RpcRequest<typeof messagingRpc.addMembers>;
type Response = RpcResponse<typeof messagingRpc.addMembers>;

/**
 * Adds people to a group (owners and admins; only the owner adds admins). People already in it are left as
 * they are. Each new member is one `member:added` event and gets an `added_to_conversation` notification.
 */
@Injectable()
export class AddMembersUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly log: ConversationLog,
    private readonly conversations: ConversationRepository,
    private readonly members: MemberRepository,
    private readonly summaries: ConversationSummaries,
    private readonly directory: UserDirectory,
    private readonly notifications: NotificationWriter,
  ) {}

  async execute(request: Request): Promise<Response> {
    const { userId, conversationId } = request;
    const role = request.role ?? 'member';
    // Outside the transaction: it may wait for auth. A non-member learns nothing from it (the ids are
    // checked against auth, not against the conversation).
    await this.directory.requireUsable(request.userIds, 'userIds');
    return this.outbox.transaction(async (manager) => {
      const { type, member: caller } = await this.log.reserveAsMember(manager, conversationId, userId, 0);
      if (type === 'direct') {
        throw validationFailed([
          { field: 'userIds', message: 'cannot join a direct conversation; start a group' },
        ]);
      }
      if (caller.role === 'member') throw forbidden('only owners and admins add members');
      if (role === 'admin' && caller.role !== 'owner') throw forbidden('only the owner adds admins');

      const existing = await this.members.existingIds(manager, conversationId, request.userIds);
      const newIds = request.userIds.filter((id) => !existing.has(id));
      if (newIds.length === 0) {
        return { conversation: await this.summaries.viewFor(manager, conversationId, userId), added: [] };
      }
      const { firstSeq, at } = await this.log.reserve(manager, conversationId, newIds.length);
      const added = await this.members.insert(
        manager,
        conversationId,
        newIds.map((id, index) => ({
          userId: id,
          role,
          joinedSeq: firstSeq + index,
          firstVisibleSeq: firstSeq + index,
        })),
        at,
      );
      await this.conversations.touch(manager, conversationId);
      const after = await this.summaries.summaryOf(manager, conversationId);
      await this.log.record(
        manager,
        memberAddedEvents({ conversationId, firstSeq, at, actorId: userId, after, added }),
      );
      await this.notifications.notify(
        manager,
        newIds.map((id) => ({
          userId: id,
          kind: 'added_to_conversation' as const,
          conversationId,
          messageId: null,
          actorId: userId,
          preview: after.title ?? '',
        })),
      );
      return { conversation: await this.summaries.viewFor(manager, conversationId, userId), added };
    });
  }
}
