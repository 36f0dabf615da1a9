import { Injectable } from '@nestjs/common';
import { type MemberRole, type MemberView } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';

/** A member's own state in one conversation. */
export interface MemberState {
  role: MemberRole;
  joinedAt: Date;
  /** Seq of the member's own `member:added` event. */
  joinedSeq: number;
  /** The first seq of the log the member sees: 1 for the initial members, else their `member:added`. */
  firstVisibleSeq: number;
  lastReadSeq: number;
  archived: boolean;
}

export interface NewMember {
  userId: string;
  role: MemberRole;
  /** Seq of the member's own member:added. */
  joinedSeq: number;
  /** The first seq of the log the member sees: 1 for the initial members, joinedSeq for later ones. */
  firstVisibleSeq: number;
}

interface MemberViewRow {
  conversation_id: string;
  user_id: string;
  username: string | null;
  display_name: string | null;
  avatar_url: string | null;
  role: MemberRole;
  joined_at: Date;
}

function toMemberView(row: MemberViewRow): MemberView {
  return {
    userId: row.user_id,
    // The directory copy is filled before anyone is added; the fallbacks only cover a row lost by hand.
    username: row.username ?? '',
    displayName: row.display_name ?? row.username ?? '',
    avatarUrl: row.avatar_url,
    role: row.role,
    joinedAt: row.joined_at.toISOString(),
  };
}

const MEMBER_VIEW_SQL = `
  SELECT m.conversation_id, m.user_id, u.username, u.display_name, u.avatar_url, m.role, m.joined_at
    FROM messaging.members m
    LEFT JOIN messaging.users u ON u.user_id = m.user_id`;

/** Every SQL on `messaging.members`. Methods taking a manager run inside the caller's transaction. */
@Injectable()
export class MemberRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private runner(manager?: EntityManager): EntityManager {
    return manager ?? this.connector.dataSource.manager;
  }

  /** The user's membership of the conversation, or null when they are not in it. */
  async findMember(
    manager: EntityManager | undefined,
    conversationId: string,
    userId: string,
  ): Promise<MemberState | null> {
    const rows = await this.runner(manager).query<
      {
        role: MemberRole;
        joined_at: Date;
        joined_seq: number;
        first_visible_seq: number;
        last_read_seq: number;
        archived: boolean;
      }[]
    >(
      `SELECT role, joined_at, joined_seq, first_visible_seq, last_read_seq, archived
         FROM messaging.members
        WHERE conversation_id = $1 AND user_id = $2`,
      [conversationId, userId],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return {
      role: row.role,
      joinedAt: row.joined_at,
      joinedSeq: Number(row.joined_seq),
      firstVisibleSeq: Number(row.first_visible_seq),
      lastReadSeq: Number(row.last_read_seq),
      archived: row.archived,
    };
  }

  /** The conversation's members with their names, in the order they joined. */
  async listMembers(manager: EntityManager | undefined, conversationId: string): Promise<MemberView[]> {
    return (await this.listMembersOf(manager, [conversationId])).get(conversationId) ?? [];
  }

  /** Members of several conversations at once, each list in the order they joined. */
  async listMembersOf(
    manager: EntityManager | undefined,
    conversationIds: readonly string[],
  ): Promise<Map<string, MemberView[]>> {
    const members = new Map<string, MemberView[]>(conversationIds.map((id) => [id, []]));
    if (conversationIds.length === 0) return members;
    const rows = await this.runner(manager).query<MemberViewRow[]>(
      `${MEMBER_VIEW_SQL} WHERE m.conversation_id = ANY($1::uuid[]) ORDER BY m.joined_seq, m.user_id`,
      [conversationIds],
    );
    for (const row of rows) members.get(row.conversation_id)?.push(toMemberView(row));
    return members;
  }

  /** Adds the members at `joinedAt`; answers their views, in the order given. */
  async insert(
    manager: EntityManager,
    conversationId: string,
    members: readonly NewMember[],
    joinedAt: Date,
  ): Promise<MemberView[]> {
    if (members.length === 0) return [];
    await manager.query(
      // Nothing before what a member can see counts as unread for them.
      `INSERT INTO messaging.members
         (conversation_id, user_id, role, joined_at, joined_seq, first_visible_seq, last_read_seq)
       SELECT $1, (m->>'userId')::uuid, m->>'role', $3::timestamptz, (m->>'joinedSeq')::int,
              (m->>'firstVisibleSeq')::int, (m->>'firstVisibleSeq')::int - 1
         FROM jsonb_array_elements($2::jsonb) AS batch(m)`,
      [conversationId, JSON.stringify(members), joinedAt.toISOString()],
    );
    const views = await manager.query<MemberViewRow[]>(
      `${MEMBER_VIEW_SQL} WHERE m.conversation_id = $1 AND m.user_id = ANY($2::uuid[])`,
      [conversationId, members.map((member) => member.userId)],
    );
    const byId = new Map(views.map((row) => [row.user_id, toMemberView(row)]));
    return members.map((member) => byId.get(member.userId)!);
  }

  /** Which of `userIds` are already members. */
  async existingIds(
    manager: EntityManager,
    conversationId: string,
    userIds: readonly string[],
  ): Promise<Set<string>> {
    const rows = await manager.query<{ user_id: string }[]>(
      `SELECT user_id FROM messaging.members WHERE conversation_id = $1 AND user_id = ANY($2::uuid[])`,
      [conversationId, userIds],
    );
    return new Set(rows.map((row) => row.user_id));
  }

  async remove(manager: EntityManager, conversationId: string, userId: string): Promise<void> {
    await manager.query('DELETE FROM messaging.members WHERE conversation_id = $1 AND user_id = $2', [
      conversationId,
      userId,
    ]);
  }

  async setRole(
    manager: EntityManager,
    conversationId: string,
    userId: string,
    role: MemberRole,
  ): Promise<void> {
    await manager.query(
      'UPDATE messaging.members SET role = $3 WHERE conversation_id = $1 AND user_id = $2',
      [conversationId, userId, role],
    );
  }

  /** Who takes over when the owner leaves: the longest-standing admin, else the longest-standing member. */
  async successorOf(manager: EntityManager, conversationId: string, ownerId: string): Promise<string | null> {
    const rows = await manager.query<{ user_id: string }[]>(
      `SELECT user_id FROM messaging.members
        WHERE conversation_id = $1 AND user_id <> $2
        ORDER BY (role = 'admin') DESC, joined_seq, user_id
        LIMIT 1`,
      [conversationId, ownerId],
    );
    return rows[0]?.user_id ?? null;
  }

  async setArchived(
    manager: EntityManager,
    conversationId: string,
    userId: string,
    archived: boolean,
  ): Promise<void> {
    await manager.query(
      'UPDATE messaging.members SET archived = $3 WHERE conversation_id = $1 AND user_id = $2',
      [conversationId, userId, archived],
    );
  }

  /** Moves the read marker forward to `seq` (never back); answers the marker after the change. */
  async advanceReadMarker(
    manager: EntityManager,
    conversationId: string,
    userId: string,
    seq: number,
  ): Promise<number> {
    // UPDATE … RETURNING answers [rows, affected] through TypeORM.
    const [rows] = await manager.query<[{ last_read_seq: number }[], number]>(
      `UPDATE messaging.members SET last_read_seq = GREATEST(last_read_seq, $3)
        WHERE conversation_id = $1 AND user_id = $2
        RETURNING last_read_seq`,
      [conversationId, userId, seq],
    );
    return Number(rows[0]?.last_read_seq ?? 0);
  }

  /** Ids of every conversation the user is in. */
  async conversationIdsOf(userId: string): Promise<string[]> {
    const rows = await this.runner().query<{ conversation_id: string }[]>(
      'SELECT conversation_id FROM messaging.members WHERE user_id = $1 ORDER BY conversation_id',
      [userId],
    );
    return rows.map((row) => row.conversation_id);
  }
}
