import { Injectable } from '@nestjs/common';
import { type ConversationType, type MessageView, type RoomEvent } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';

/** Every SQL on `messaging.conversation_events` and on the seq counter of `messaging.conversations`. */
@Injectable()
export class ConversationLogRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private runner(manager?: EntityManager): EntityManager {
    return manager ?? this.connector.dataSource.manager;
  }

  /**
   * Advances the conversation's seq counter by `count` and answers the first new seq; the row stays locked
   * until the transaction ends, so seq order is commit order. Null when the conversation does not exist.
   */
  async advance(
    manager: EntityManager,
    conversationId: string,
    count: number,
    messageAt: boolean,
  ): Promise<{ firstSeq: number; at: Date; type: ConversationType } | null> {
    // UPDATE … RETURNING answers [rows, affected] through TypeORM.
    const [rows] = await manager.query<[{ first_seq: number; at: Date; type: ConversationType }[], number]>(
      `UPDATE messaging.conversations
          SET last_seq = last_seq + $2,
              last_message_at = CASE WHEN $3 THEN date_trunc('milliseconds', clock_timestamp()) ELSE last_message_at END
        WHERE id = $1
        RETURNING last_seq - $2 + 1 AS first_seq, type,
                  COALESCE(CASE WHEN $3 THEN last_message_at END, date_trunc('milliseconds', clock_timestamp())) AS at`,
      [conversationId, count, messageAt],
    );
    const row = rows[0];
    return row === undefined ? null : { firstSeq: Number(row.first_seq), at: row.at, type: row.type };
  }

  /** Every logged event that carries `message` now carries it as given. */
  async rewriteMessage(manager: EntityManager, message: MessageView): Promise<void> {
    await manager.query(
      `UPDATE messaging.conversation_events
          SET payload = jsonb_set(payload, '{message}', $3::jsonb)
        WHERE conversation_id = $1 AND payload->'message'->>'id' = $2`,
      [message.conversationId, message.id, JSON.stringify(message)],
    );
  }

  async insert(manager: EntityManager, events: readonly RoomEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO messaging.conversation_events (conversation_id, seq, type, payload, created_at)
       SELECT (e->>'conversationId')::uuid, (e->>'seq')::int, e->>'type', e, (e->>'at')::timestamptz
         FROM jsonb_array_elements($1::jsonb) AS batch(e)`,
      [JSON.stringify(events)],
    );
  }

  /**
   * Up to `limit` events with seq > `afterSeq`, in order, plus the conversation's last
   * seq, read in one statement so both come from the same snapshot.
   */
  async page(
    manager: EntityManager | undefined,
    conversationId: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ events: RoomEvent[]; lastSeq: number }> {
    const rows = await this.runner(manager).query<{ payload: RoomEvent | null; last_seq: number }[]>(
      `SELECT e.payload, c.last_seq
         FROM messaging.conversations c
         LEFT JOIN LATERAL (
           SELECT payload, seq FROM messaging.conversation_events
            WHERE conversation_id = c.id AND seq > $2
            ORDER BY seq
            LIMIT $3
         ) e ON true
        WHERE c.id = $1
        ORDER BY e.seq`,
      [conversationId, afterSeq, limit],
    );
    return {
      events: rows.flatMap((row) => (row.payload === null ? [] : [row.payload])),
      lastSeq: rows.length > 0 ? Number(rows[0].last_seq) : 0,
    };
  }

  /** Whether any message was created in the log between the two seqs (`after` < seq <= `upTo`). */
  async hasMessageBetween(
    manager: EntityManager,
    conversationId: string,
    after: number,
    upTo: number,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM messaging.conversation_events
        WHERE conversation_id = $1 AND seq > $2 AND seq <= $3 AND type = 'message:created'
        LIMIT 1`,
      [conversationId, after, upTo],
    );
    return rows.length > 0;
  }
}
