import { Injectable } from '@nestjs/common';
import { type ConversationType, type MemberRole } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';
import { type MessageRow } from '../messages/message-views';

export interface ConversationRow {
  id: string;
  type: ConversationType;
  title: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  lastSeq: number;
  lastMessageAt: Date | null;
}

/** A conversation with the state of one member of it. */
export interface MemberConversationRow extends ConversationRow {
  myRole: MemberRole;
  archived: boolean;
  lastReadSeq: number;
  unreadCount: number;
  /** When it was last active: its newest message, else its creation (the list's order). */
  activeAt: Date;
  /** Its newest message (deleted or not), null before the first; reactions are read apart. */
  lastMessage: MessageRow | null;
}

export interface NewConversation {
  id: string;
  type: ConversationType;
  title: string | null;
  directKey: string | null;
  createdBy: string;
}

/** Where a page of a member's conversations (newest activity first) continues. */
export interface ConversationCursor {
  activeAt: string;
  id: string;
}

interface Row {
  id: string;
  type: ConversationType;
  title: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  last_seq: number;
  last_message_at: Date | null;
}

interface MemberRow extends Row {
  role: MemberRole;
  archived: boolean;
  last_read_seq: number;
  unread_count: string;
  active_at: Date;
  lm_id: string | null;
  lm_seq: number | null;
  lm_sender_id: string | null;
  lm_body: string | null;
  lm_attachments: MessageRow['attachments'] | null;
  lm_mentions: string[] | null;
  lm_client_id: string | null;
  lm_created_at: Date | null;
  lm_edited_at: Date | null;
  lm_deleted_at: Date | null;
}

function toRow(row: Row): ConversationRow {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSeq: Number(row.last_seq),
    lastMessageAt: row.last_message_at,
  };
}

function toMemberRow(row: MemberRow): MemberConversationRow {
  return {
    ...toRow(row),
    myRole: row.role,
    archived: row.archived,
    lastReadSeq: Number(row.last_read_seq),
    unreadCount: Number(row.unread_count),
    activeAt: row.active_at,
    lastMessage: lastMessageOf(row),
  };
}

function lastMessageOf(row: MemberRow): MessageRow | null {
  if (row.lm_id === null) return null;
  return {
    id: row.lm_id,
    conversationId: row.id,
    seq: Number(row.lm_seq),
    senderId: row.lm_sender_id!,
    body: row.lm_body!,
    attachments: row.lm_attachments!,
    mentions: row.lm_mentions!,
    clientId: row.lm_client_id,
    createdAt: row.lm_created_at!,
    editedAt: row.lm_edited_at,
    deletedAt: row.lm_deleted_at,
  };
}

// Unread: messages after the member's marker that others sent and that are not deleted. The newest message
// comes in the same query (a LATERAL join), so a page of N conversations costs one query, not N + 1. The
// messages table belongs to the messages side; its (conversation_id, seq) index serves both.
const MEMBER_CONVERSATION_SQL = `
  SELECT c.id, c.type, c.title, c.created_by, c.created_at, c.updated_at, c.last_seq, c.last_message_at,
         m.role, m.archived, m.last_read_seq,
         COALESCE(c.last_message_at, c.created_at) AS active_at,
         (SELECT count(*) FROM messaging.messages msg
           WHERE msg.conversation_id = c.id AND msg.seq > m.last_read_seq
             AND msg.sender_id <> m.user_id AND msg.deleted_at IS NULL) AS unread_count,
         lm.id AS lm_id, lm.seq AS lm_seq, lm.sender_id AS lm_sender_id, lm.body AS lm_body,
         lm.attachments AS lm_attachments, lm.mentions::text[] AS lm_mentions, lm.client_id AS lm_client_id,
         lm.created_at AS lm_created_at, lm.edited_at AS lm_edited_at, lm.deleted_at AS lm_deleted_at
    FROM messaging.members m
    JOIN messaging.conversations c ON c.id = m.conversation_id
    LEFT JOIN LATERAL (
      SELECT newest.* FROM messaging.messages newest
       WHERE newest.conversation_id = c.id
       ORDER BY newest.seq DESC
       LIMIT 1) lm ON true`;

/** Every SQL on `messaging.conversations` (apart from the seq counter, see ConversationLogRepository). */
@Injectable()
export class ConversationRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private runner(manager?: EntityManager): EntityManager {
    return manager ?? this.connector.dataSource.manager;
  }

  /** Inserts the conversation; false when a direct conversation of the same pair exists (nothing stored). */
  async insert(manager: EntityManager, conversation: NewConversation): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO messaging.conversations (id, type, title, direct_key, created_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (direct_key) DO NOTHING
       RETURNING id`,
      [
        conversation.id,
        conversation.type,
        conversation.title,
        conversation.directKey,
        conversation.createdBy,
      ],
    );
    return rows.length > 0;
  }

  async findIdByDirectKey(manager: EntityManager, directKey: string): Promise<string | null> {
    const rows = await manager.query<{ id: string }[]>(
      'SELECT id FROM messaging.conversations WHERE direct_key = $1',
      [directKey],
    );
    return rows[0]?.id ?? null;
  }

  async findById(manager: EntityManager | undefined, id: string): Promise<ConversationRow | null> {
    const rows = await this.runner(manager).query<Row[]>(
      `SELECT id, type, title, created_by, created_at, updated_at, last_seq, last_message_at
         FROM messaging.conversations WHERE id = $1`,
      [id],
    );
    return rows[0] === undefined ? null : toRow(rows[0]);
  }

  /** The conversation as `userId` sees it; null when they are not a member (or it does not exist). */
  async findForMember(
    manager: EntityManager | undefined,
    id: string,
    userId: string,
  ): Promise<MemberConversationRow | null> {
    const rows = await this.runner(manager).query<MemberRow[]>(
      `${MEMBER_CONVERSATION_SQL} WHERE m.conversation_id = $1 AND m.user_id = $2`,
      [id, userId],
    );
    return rows[0] === undefined ? null : toMemberRow(rows[0]);
  }

  /** One page of the member's conversations, newest activity first; fetches one extra row (more follow?). */
  async listForMember(page: {
    userId: string;
    archived?: boolean;
    after?: ConversationCursor;
    limit: number;
  }): Promise<MemberConversationRow[]> {
    const rows = await this.runner().query<MemberRow[]>(
      `${MEMBER_CONVERSATION_SQL}
        WHERE m.user_id = $1
          AND ($2::boolean IS NULL OR m.archived = $2)
          AND ($3::timestamptz IS NULL OR (COALESCE(c.last_message_at, c.created_at), c.id) < ($3, $4::uuid))
        ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id DESC
        LIMIT $5`,
      [
        page.userId,
        page.archived ?? null,
        page.after?.activeAt ?? null,
        page.after?.id ?? null,
        page.limit + 1,
      ],
    );
    return rows.map(toMemberRow);
  }

  async setTitle(manager: EntityManager, id: string, title: string): Promise<void> {
    await manager.query(
      `UPDATE messaging.conversations SET title = $2, updated_at = date_trunc('milliseconds', now()) WHERE id = $1`,
      [id, title],
    );
  }

  /** Notes a change of the summary (members, roles) in updated_at. */
  async touch(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE messaging.conversations SET updated_at = date_trunc('milliseconds', now()) WHERE id = $1`,
      [id],
    );
  }
}
