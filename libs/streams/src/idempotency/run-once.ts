import { type EntityManager } from 'typeorm';
import { type PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

export type RunOnceOutcome = 'applied' | 'duplicate';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies a consumer's Postgres effect of one event at most once: the `(consumer, eventId)` marker is
 * inserted in the same transaction as the effect, so both commit or neither does. A redelivered event finds
 * the marker and is skipped ('duplicate'); a concurrent delivery waits on the marker's key and then skips.
 * If `effect` throws, the transaction (marker included) rolls back and the error propagates, so a later
 * delivery tries again. Runs in `manager`'s transaction, or opens one when `manager` is outside any.
 *
 * Use this whenever the effect lives in the service's own Postgres schema; for effects in Redis or outside
 * use {@link claimOnce}, which can only narrow, not close, the duplicate window.
 */
export async function runOnce(
  manager: EntityManager,
  consumer: string,
  eventId: string,
  effect: (manager: EntityManager) => Promise<unknown>,
): Promise<RunOnceOutcome> {
  if (consumer === '' || consumer.length > 200)
    throw new Error(`runOnce: consumer "${consumer}" must be 1-200 characters`);
  if (!UUID.test(eventId)) throw new Error(`runOnce: event id "${eventId}" is not a UUID`);
  const table = processedEventsTable(manager);
  const work = async (transactional: EntityManager): Promise<RunOnceOutcome> => {
    const inserted = await transactional.query<{ consumer: string }[]>(
      `INSERT INTO ${table} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING consumer`,
      [consumer, eventId],
    );
    if (inserted.length === 0) return 'duplicate';
    await effect(transactional);
    return 'applied';
  };
  return manager.queryRunner?.isTransactionActive ? work(manager) : manager.transaction(work);
}

/** `<schema>.processed_events` of the manager's data source (each service's is bound to its schema). */
function processedEventsTable(manager: EntityManager): string {
  const schema = (manager.connection.options as PostgresConnectionOptions).schema;
  return schema ? `"${schema}".processed_events` : 'processed_events';
}
