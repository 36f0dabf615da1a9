/** A migration's SQL, both ways; each statement runs on its own through `queryRunner.query`. */
export interface MigrationSql {
  up: string[];
  down: string[];
}

// Lower-case identifiers only, as `assertValidServiceDatabase` demands: they go unquoted into SQL.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertOutboxSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`outbox schema "${schema}" is not a lower-case identifier (a-z, 0-9, _)`);
  }
}

/** The NOTIFY channel of one schema's outbox; all schemas share the database's channel namespace. */
export function outboxChannel(schema: string): string {
  assertOutboxSchemaName(schema);
  return `outbox_${schema}`;
}

/**
 * The `outbox` and `processed_events` tables of one service schema, version 1. Frozen once shipped: each
 * service's migration calls this, so a change here would rewrite history; add `outboxTablesV2` and new
 * migrations instead.
 */
export function outboxTablesV1(schema: string): MigrationSql {
  const channel = outboxChannel(schema);
  return {
    up: [
      `CREATE TABLE ${schema}.outbox (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        stream text NOT NULL,
        type text NOT NULL,
        v integer NOT NULL,
        ts timestamptz NOT NULL,
        actor text NOT NULL,
        correlation_id text NOT NULL,
        causation_id text NOT NULL,
        traceparent text NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        published_redis_run text,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`,
      `COMMENT ON TABLE ${schema}.outbox IS 'Events committed with the change they describe; the outbox relay publishes them to the event stream in seq order and deletes them after the retention.'`,
      // The relay reads the head of this index; it stays small however long the retention is.
      `CREATE INDEX outbox_unpublished_idx ON ${schema}.outbox (seq) WHERE published_at IS NULL`,
      // Retention, and the relay's look back over what it published just before a Redis restart.
      `CREATE INDEX outbox_published_at_idx ON ${schema}.outbox (published_at) WHERE published_at IS NOT NULL`,
      // A trigger rather than the writer, so any insert wakes the relay; NOTIFY is sent at commit, once per transaction.
      `CREATE FUNCTION ${schema}.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${channel}', '');
        RETURN NULL;
      END
      $$`,
      `CREATE TRIGGER outbox_notify AFTER INSERT ON ${schema}.outbox FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.outbox_notify()`,
      `CREATE TABLE ${schema}.processed_events (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`,
      `COMMENT ON TABLE ${schema}.processed_events IS 'Events whose effect a consumer has committed (runOnce); a redelivered event finds its row and is skipped.'`,
      `CREATE INDEX processed_events_processed_at_idx ON ${schema}.processed_events (processed_at)`,
    ],
    down: [
      `DROP TABLE ${schema}.processed_events`,
      `DROP TABLE ${schema}.outbox`,
      `DROP FUNCTION ${schema}.outbox_notify()`,
    ],
  };
}
