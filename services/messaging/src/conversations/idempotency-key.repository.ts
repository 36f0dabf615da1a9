import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** How long a key answers retries; afterwards it is free again. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** Every SQL on `messaging.idempotency_keys`. */
@Injectable()
export class IdempotencyKeyRepository {
  /** Serialises creates carrying the same key until the transaction ends, so a double submit runs once. */
  async lock(manager: EntityManager, userId: string, key: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
      `messaging.idempotency:${userId}`,
      key,
    ]);
  }

  async find(
    manager: EntityManager,
    userId: string,
    key: string,
  ): Promise<{ requestHash: string; resultId: string } | null> {
    const rows = await manager.query<{ request_hash: string; result_id: string }[]>(
      `SELECT request_hash, result_id FROM messaging.idempotency_keys
        WHERE user_id = $1 AND key = $2 AND created_at > now() - make_interval(hours => $3)`,
      [userId, key, IDEMPOTENCY_KEY_TTL_HOURS],
    );
    const row = rows[0];
    return row === undefined ? null : { requestHash: row.request_hash, resultId: row.result_id };
  }

  /** Stores the result; an expired row with the same key is replaced. */
  async save(
    manager: EntityManager,
    userId: string,
    key: string,
    requestHash: string,
    resultId: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO messaging.idempotency_keys (user_id, key, request_hash, result_id)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, key) DO UPDATE
         SET request_hash = excluded.request_hash, result_id = excluded.result_id, created_at = now()`,
      [userId, key, requestHash, resultId],
    );
  }
}
