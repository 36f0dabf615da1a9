import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';

/** How long a key answers retries; afterwards it is free again. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

export interface StoredCreate {
  operation: string;
  fingerprint: string;
  response: unknown;
}

/** Every SQL on `content.idempotency_keys`. */
@Injectable()
export class IdempotencyKeyRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  /** Serialises creates carrying the same key until the transaction ends, so a double submit runs once. */
  async lock(manager: EntityManager, userId: string, key: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
      `content.idempotency:${userId}`,
      key,
    ]);
  }

  async find(manager: EntityManager, userId: string, key: string): Promise<StoredCreate | null> {
    const rows = await manager.query<StoredCreate[]>(
      `SELECT operation, fingerprint, response FROM content.idempotency_keys
        WHERE user_id = $1 AND key = $2 AND created_at > now() - make_interval(hours => $3)`,
      [userId, key, IDEMPOTENCY_KEY_TTL_HOURS],
    );
    return rows[0] ?? null;
  }

  /** Stores the answer; an expired row with the same key is replaced. */
  async save(manager: EntityManager, userId: string, key: string, stored: StoredCreate): Promise<void> {
    await manager.query(
      `INSERT INTO content.idempotency_keys (user_id, key, operation, fingerprint, response)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (user_id, key) DO UPDATE
         SET operation = excluded.operation, fingerprint = excluded.fingerprint,
             response = excluded.response, created_at = now()`,
      [userId, key, stored.operation, stored.fingerprint, JSON.stringify(stored.response)],
    );
  }

  /** Drops keys past their lifetime; answers how many. */
  async purgeExpired(): Promise<number> {
    const [, count] = await this.connector.dataSource.manager.query<[unknown, number]>(
      `DELETE FROM content.idempotency_keys WHERE created_at <= now() - make_interval(hours => $1)`,
      [IDEMPOTENCY_KEY_TTL_HOURS],
    );
    return count;
  }
}
