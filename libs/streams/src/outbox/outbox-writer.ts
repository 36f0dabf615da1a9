import { type Envelope, type EventContract } from '@tracera/contracts';
import { type DataSource, type EntityManager } from 'typeorm';
import { type z } from 'zod';
import { type StreamNames } from '../stream-names';
import { assertValidEnvelope, buildEventEnvelope, type EventMeta } from './outbox-event';
import { OutboxLockClass } from './outbox-locks';
import { assertOutboxSchemaName } from './outbox-schema';

export interface OutboxWriterOptions {
  /** The service schema holding the `outbox` table. */
  schema: string;
  /** The writing service: it emits only events whose contract names it as producer, onto its own stream. */
  producer: string;
  streams: StreamNames;
}

/** Queues an event for the surrounding transaction and returns its envelope (its id is the event id). */
export type EmitEvent = <C extends EventContract>(
  contract: C,
  data: z.input<C['data']>,
  meta: EventMeta,
) => Envelope<z.output<C['data']>>;

/**
 * Writes events into the service's outbox inside the caller's transaction, so an event exists exactly when
 * the change it describes was committed. {@link OutboxRelay} publishes them afterwards.
 */
export class OutboxWriter {
  private readonly table: string;
  readonly stream: string;

  constructor(private readonly options: OutboxWriterOptions) {
    assertOutboxSchemaName(options.schema);
    this.table = `${options.schema}.outbox`;
    this.stream = options.streams.events(options.producer);
  }

  /**
   * Runs `work` in a transaction; the events it emits are inserted after `work` returns, in emit order, and
   * commit with its changes or roll back with them. Writing them last means a transaction that changed an
   * entity holds that entity's row lock before taking an outbox seq, so events about one entity keep order.
   */
  transaction<T>(
    runner: DataSource | EntityManager,
    work: (manager: EntityManager, emit: EmitEvent) => Promise<T>,
  ): Promise<T> {
    return runner.transaction(async (manager) => {
      const pending: Envelope[] = [];
      let open = true;
      const emit: EmitEvent = (contract, data, meta) => {
        if (!open) throw new Error(`event ${contract.type} emitted after its transaction's work returned`);
        const envelope = this.event(contract, data, meta);
        pending.push(envelope);
        return envelope;
      };
      const result = await work(manager, emit);
      open = false;
      if (pending.length > 0) await this.insert(manager, pending, this.stream);
      return result;
    });
  }

  /**
   * Validates an event against its contract and appends it in `manager`'s transaction (its own, when
   * `manager` is outside one). Call it last in the transaction: the outbox stays locked from here to commit.
   */
  async emit<C extends EventContract>(
    manager: EntityManager,
    contract: C,
    data: z.input<C['data']>,
    meta: EventMeta,
  ): Promise<Envelope<z.output<C['data']>>> {
    const envelope = this.event(contract, data, meta);
    await this.append(manager, envelope, this.stream);
    return envelope;
  }

  /** Appends ready-made envelopes (validated, not against a contract) to `stream`, in order. */
  async append(
    manager: EntityManager,
    envelopes: Envelope | readonly Envelope[],
    stream: string = this.stream,
  ): Promise<void> {
    const list = Array.isArray(envelopes) ? (envelopes as readonly Envelope[]) : [envelopes as Envelope];
    if (list.length === 0) return;
    if (stream === '') throw new Error('outbox stream name is empty');
    list.forEach(assertValidEnvelope);
    if (manager.queryRunner?.isTransactionActive) await this.insert(manager, list, stream);
    else await manager.transaction((transactional) => this.insert(transactional, list, stream));
  }

  /** The envelope of a new event of this producer; throws {@link InvalidEventError} before anything is written. */
  event<C extends EventContract>(
    contract: C,
    data: z.input<C['data']>,
    meta: EventMeta,
  ): Envelope<z.output<C['data']>> {
    if (contract.producer !== this.options.producer) {
      throw new Error(
        `${this.options.producer} cannot emit ${contract.type}: its contract names ${contract.producer} as producer`,
      );
    }
    return buildEventEnvelope(contract, data, meta);
  }

  private async insert(
    manager: EntityManager,
    envelopes: readonly Envelope[],
    stream: string,
  ): Promise<void> {
    // Serialises writers from here to commit, so seq order is commit order and the relay, reading in seq
    // order, never meets a smaller seq after publishing a larger one.
    await manager.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [
      OutboxLockClass.writers,
      this.options.schema,
    ]);
    const rows = envelopes.map((envelope) => ({ ...envelope, data: envelope.data ?? null }));
    await manager.query(
      `INSERT INTO ${this.table} (event_id, stream, type, v, ts, actor, correlation_id, causation_id, traceparent, data)
       SELECT (e->>'id')::uuid, $2, e->>'type', (e->>'v')::int, (e->>'ts')::timestamptz, e->>'actor',
              e->>'correlationId', e->>'causationId', e->>'traceparent', e->'data'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(e, position)
        ORDER BY position`,
      [JSON.stringify(rows), stream],
    );
  }
}
