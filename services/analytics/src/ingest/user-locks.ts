import { type EntityManager } from 'typeorm';

/**
 * Serializes, until the transaction ends, every writer of these people's derived state (ingest batches on
 * any replica, joining a challenge, the rebuild): each recomputes from what it reads, so two at once could
 * each miss the other's rows. Locks are taken in one sorted order, so writers never deadlock.
 */
export async function lockUsers(manager: EntityManager, userIds: Iterable<string>): Promise<void> {
  const sorted = [...new Set(userIds)].sort();
  if (sorted.length === 0) return;
  await manager.query(
    `SELECT pg_advisory_xact_lock(hashtextextended('analytics.user:' || id, 0))
       FROM unnest($1::text[]) WITH ORDINALITY AS locked(id, position) ORDER BY position`,
    [sorted],
  );
}
