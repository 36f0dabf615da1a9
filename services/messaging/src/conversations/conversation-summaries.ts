import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type ConversationSummary, type ConversationView, type MemberView } from '@tracera/contracts';
import { type EntityManager } from 'typeorm';
import { MemberRepository } from '../members/member.repository';
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

export function toView(row: MemberConversationRow, members: MemberView[]): ConversationView {
  return {
    ...toSummary(row, members),
    myRole: row.myRole,
    archived: row.archived,
    lastReadSeq: row.lastReadSeq,
    unreadCount: row.unreadCount,
  };
}

/** Conversations as room events carry them (summaries) and as one member sees them (views). */
@Injectable()
export class ConversationSummaries {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly members: MemberRepository,
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
    return toView(row, await this.members.listMembers(manager, conversationId));
  }

  /** Views of several rows of one member, members fetched in one query. */
  async viewsOf(rows: readonly MemberConversationRow[]): Promise<ConversationView[]> {
    const members = await this.members.listMembersOf(
      undefined,
      rows.map((row) => row.id),
    );
    return rows.map((row) => toView(row, members.get(row.id) ?? []));
  }
}
