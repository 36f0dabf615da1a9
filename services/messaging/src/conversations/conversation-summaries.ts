import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import {
  type ConversationSummary,
  type ConversationView,
  type MemberView,
  type ReactionView,
} from '@tracera/contracts';
import { type EntityManager } from 'typeorm';
import { MemberRepository } from '../members/member.repository';
import { toMessageView } from '../messages/message-views';
import { ReactionRepository } from '../reactions/reaction.repository';
import {
  type ConversationRow,
  ConversationRepository,
  type MemberConversationRow,
} from './conversation.repository';

export function toSummary(row: ConversationRow, members: MemberView[]): ConversationSummary {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastSeq: row.lastSeq,
    lastMessageAt: row.lastMessageAt?.toISOString() ?? null,
    members,
  };
}

export function toView(
  row: MemberConversationRow,
  members: MemberView[],
  lastMessageReactions: ReactionView[],
): ConversationView {
  return {
    ...toSummary(row, members),
    myRole: row.myRole,
    archived: row.archived,
    lastReadSeq: row.lastReadSeq,
    unreadCount: row.unreadCount,
    lastMessage: row.lastMessage && toMessageView(row.lastMessage, lastMessageReactions),
  };
}

/** Conversations as room events carry them (summaries) and as one member sees them (views). */
@Injectable()
export class ConversationSummaries {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly members: MemberRepository,
    private readonly reactions: ReactionRepository,
  ) {}

  /** The conversation as every member sees it, as of `manager`'s transaction (for room events). */
  async summaryOf(manager: EntityManager, conversationId: string): Promise<ConversationSummary> {
    const row = await this.conversations.findById(manager, conversationId);
    if (row === null) throw notFound('conversation');
    return toSummary(row, await this.members.listMembers(manager, conversationId));
  }

  /** The conversation as `userId` sees it; NOT_FOUND when they are not a member. */
  async viewFor(
    manager: EntityManager | undefined,
    conversationId: string,
    userId: string,
  ): Promise<ConversationView> {
    const row = await this.conversations.findForMember(manager, conversationId, userId);
    if (row === null) throw notFound('conversation');
    const reactions = await this.reactions.reactionsOf(manager, lastMessageIdsOf([row]));
    return toView(
      row,
      await this.members.listMembers(manager, conversationId),
      reactionsOfLastMessage(row, reactions),
    );
  }

  /** Views of several rows of one member: members and last-message reactions fetched in one query each. */
  async viewsOf(rows: readonly MemberConversationRow[]): Promise<ConversationView[]> {
    const [members, reactions] = await Promise.all([
      this.members.listMembersOf(
        undefined,
        rows.map((row) => row.id),
      ),
      this.reactions.reactionsOf(undefined, lastMessageIdsOf(rows)),
    ]);
    return rows.map((row) => toView(row, members.get(row.id) ?? [], reactionsOfLastMessage(row, reactions)));
  }
}

function lastMessageIdsOf(rows: readonly MemberConversationRow[]): string[] {
  return rows.flatMap((row) => (row.lastMessage === null ? [] : [row.lastMessage.id]));
}

function reactionsOfLastMessage(
  row: MemberConversationRow,
  reactions: Map<string, ReactionView[]>,
): ReactionView[] {
  return (row.lastMessage && reactions.get(row.lastMessage.id)) ?? [];
}
