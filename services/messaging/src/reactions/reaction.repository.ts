import { Injectable } from '@nestjs/common';
import { type ReactionView } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';

interface ReactionRow {
  message_id: string;
  emoji: string;
  user_ids: string[];
}

/** Every SQL on `messaging.reactions`. */
@Injectable()
export class ReactionRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  /** False when the user had already reacted with that emoji. */
  async add(manager: EntityManager, messageId: string, userId: string, emoji: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO messaging.reactions (message_id, user_id, emoji) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [messageId, userId, emoji],
    );
    return rows.length > 0;
  }

  /** False when there was no such reaction. */
  async remove(manager: EntityManager, messageId: string, userId: string, emoji: string): Promise<boolean> {
    // A DELETE answers [rows, affected] through TypeORM.
    const [, affected] = await manager.query<[unknown[], number]>(
      `DELETE FROM messaging.reactions WHERE message_id = $1 AND user_id = $2 AND emoji = $3`,
      [messageId, userId, emoji],
    );
    return affected > 0;
  }

  async clear(manager: EntityManager, messageId: string): Promise<void> {
    await manager.query('DELETE FROM messaging.reactions WHERE message_id = $1', [messageId]);
  }

  /** Each message's reactions grouped by emoji, emojis and users in the order they first reacted. */
  async reactionsOf(
    manager: EntityManager | undefined,
    messageIds: readonly string[],
  ): Promise<Map<string, ReactionView[]>> {
    const byMessage = new Map<string, ReactionView[]>();
    if (messageIds.length === 0) return byMessage;
    const rows = await (manager ?? this.connector.dataSource.manager).query<ReactionRow[]>(
      `SELECT message_id, emoji, array_agg(user_id::text ORDER BY created_at, user_id) AS user_ids
         FROM messaging.reactions
        WHERE message_id = ANY($1::uuid[])
        GROUP BY message_id, emoji
        ORDER BY message_id, min(created_at), emoji`,
      [messageIds],
    );
    for (const row of rows) {
      const list = byMessage.get(row.message_id) ?? [];
      list.push({ emoji: row.emoji, count: row.user_ids.length, userIds: row.user_ids });
      byMessage.set(row.message_id, list);
    }
    return byMessage;
  }
}
