import { Logger, type LoggerService } from '@nestjs/common';
import { type Envelope } from '@tracera/contracts';
import { errorMessage } from '@tracera/db';
import { isCluster, type RedisConnection } from '@tracera/redis';
import { type DataSource, type EntityManager } from 'typeorm';
import { PublishBatchError, type StreamPublisher } from '../events/stream-publisher';
import { OutboxListener } from './outbox-listener';
import { OutboxLockClass } from './outbox-locks';
import { OutboxMetrics } from './outbox-metrics';
import { assertOutboxSchemaName, outboxChannel } from './outbox-schema';

/**
 * Where the relay publishes: {@link StreamPublisher} itself. `publishMany` appends in order and, when only
 * some entries made it, throws {@link PublishBatchError} naming them; the relay keeps the published prefix.
 */
export type OutboxSink = Pick<StreamPublisher, 'publishMany'>;

export interface OutboxRelayOptions {
  /** The service schema whose `outbox` this relay publishes. */
  schema: string;
  dataSource: DataSource;
  sink: OutboxSink;
  /**
   * The connection `sink` publishes through. With it the relay notices a Redis restart or failover (the
   * server's run_id changes) and publishes again what it published just before, which the old server may have
   * acknowledged and then lost; without it, such a loss goes unnoticed.
   */
  redis?: RedisConnection;
  /**
   * After a restart, rows published up to this long before the last publish to the old server are published
   * again (default 10 s): comfortably above what AOF `everysec` or asynchronous replication can lose (~1-2 s).
   */
  restartRepublishWindowMs?: number;
  /** Longest the relay trusts the run_id it read (default 2 s); a failed publish or a reconnect re-reads it. */
  runIdRefreshMs?: number;
  /** A LISTEN session wakes the relay as soon as an event commits; without it the relay only polls. */
  listen?: { connectionString: string; applicationName?: string };
  /** Rows read, published and marked per transaction (default 100). */
  batchSize?: number;
  /** How often to look for rows when no notification came (default 1 s). */
  pollIntervalMs?: number;
  /** Backoff after a failed batch: from `initialDelayMs` (250 ms) doubling to `maxDelayMs` (5 s), forever. */
  retry?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Published rows older than this are deleted (default 7 days). */
  retentionMs?: number;
  /**
   * `processed_events` markers older than this are deleted (default 30 days; 0 keeps them): it must exceed
   * the longest an event can take to be redelivered, or a late duplicate would be applied again.
   */
  processedEventsRetentionMs?: number;
  /** How often retention runs (default 1 min). */
  cleanupIntervalMs?: number;
  /** Rows deleted per statement, so retention never holds long locks (default 1000). */
  cleanupBatchSize?: number;
  /** How often the backlog gauges are refreshed (default 5 s). */
  metricsIntervalMs?: number;
  metrics?: OutboxMetrics;
  logger?: LoggerService;
}

export type OutboxBatchResult =
  | { outcome: 'published'; count: number; more: boolean }
  | { outcome: 'idle' }
  /** Another relay holds this schema's batch lock. */
  | { outcome: 'busy' }
  /** `published` rows of the batch (a prefix) made it before the failure and were marked. */
  | { outcome: 'failed'; stage: 'publish' | 'database'; error: unknown; published: number };

export interface OutboxBacklog {
  unpublished: number;
  oldestAgeSeconds: number;
}

interface OutboxRow {
  /** bigint and uuid arrive as strings from pg. */
  seq: string;
  event_id: string;
  stream: string;
  type: string;
  v: number;
  ts: Date;
  actor: string;
  correlation_id: string;
  causation_id: string;
  traceparent: string;
  data: unknown;
}

/** A sleep that can be cut short. */
class InterruptibleSleep {
  private readonly pending = new Set<() => void>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pending.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pending.add(done);
    });
  }

  interrupt(): void {
    for (const done of [...this.pending]) done();
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const LAST_ERROR_MAX_LENGTH = 1000;

/**
 * Moves committed outbox rows to their streams in seq order and marks them published. Replicas may all run
 * one: a per-batch advisory lock lets one publish at a time, so they never reorder or double-publish. It
 * waits out Redis and Postgres outages (rows stay, retried with backoff, one log line per outage), and
 * deletes published rows after the retention.
 */
export class OutboxRelay {
  private readonly schema: string;
  private readonly logger: LoggerService;
  private readonly metrics: OutboxMetrics;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly initialRetryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly republishWindowMs: number;
  private readonly runIdRefreshMs: number;
  private redisRun?: { id: string; readAt: number };
  private readonly forgetRedisRun = () => {
    this.redisRun = undefined;
  };
  private readonly pollSleep = new InterruptibleSleep();
  private readonly otherSleeps = new InterruptibleSleep();
  private listener?: OutboxListener;
  private loops?: Promise<unknown>;
  private stopping = false;
  private notified = false;
  private outage?: { stage: 'publish' | 'database'; since: number; attempts: number };
  private reportedHousekeepingError?: string;

  constructor(private readonly options: OutboxRelayOptions) {
    assertOutboxSchemaName(options.schema);
    this.schema = options.schema;
    this.logger = options.logger ?? new Logger('Outbox');
    this.metrics = options.metrics ?? new OutboxMetrics();
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.initialRetryDelayMs = options.retry?.initialDelayMs ?? 250;
    this.maxRetryDelayMs = options.retry?.maxDelayMs ?? 5000;
    this.republishWindowMs = options.restartRepublishWindowMs ?? 10_000;
    this.runIdRefreshMs = options.runIdRefreshMs ?? 2000;
  }

  get running(): boolean {
    return this.loops !== undefined;
  }

  /** Starts relaying in the background; failures are retried, never thrown. */
  start(): void {
    if (this.loops) return;
    this.stopping = false;
    if (this.options.listen) {
      this.listener = new OutboxListener({
        connectionString: this.options.listen.connectionString,
        applicationName: this.options.listen.applicationName ?? `outbox-relay-${this.schema}`,
        channel: outboxChannel(this.schema),
        onWake: () => this.wake(),
        logger: this.logger,
      });
      this.listener.start();
    }
    // A (re)connect may reach a restarted server: read its run_id again before the next publish.
    this.options.redis?.on('ready', this.forgetRedisRun);
    this.loops = Promise.all([this.relayLoop(), this.housekeepingLoop()]);
  }

  /** Stops after the batch in progress (published and marked, or left for the next relay). */
  async stop(): Promise<void> {
    if (!this.loops) return;
    this.stopping = true;
    this.pollSleep.interrupt();
    this.otherSleeps.interrupt();
    await Promise.all([this.loops, this.listener?.stop()]);
    this.options.redis?.off('ready', this.forgetRedisRun);
    this.loops = undefined;
    this.listener = undefined;
  }

  /** Rows are waiting: relay now rather than at the next poll. */
  wake(): void {
    this.notified = true;
    this.pollSleep.interrupt();
  }

  /**
   * One batch: lock the schema, unmark what a restarted Redis may have lost, read the oldest unpublished rows,
   * publish them, mark them. Never throws.
   */
  async relayBatch(): Promise<OutboxBatchResult> {
    this.notified = false;
    let published = false;
    let redisRun: string | undefined;
    try {
      // Read before publishing, so a row is never marked with a newer server than the one it reached.
      redisRun = await this.currentRedisRun();
    } catch (error) {
      this.metrics.publishFailures.inc({ schema: this.schema });
      return { outcome: 'failed', stage: 'publish', error, published: 0 };
    }
    try {
      const result = await this.options.dataSource.transaction(async (manager) => {
        const [{ locked }] = await manager.query<{ locked: boolean }[]>(
          'SELECT pg_try_advisory_xact_lock($1::int, hashtext($2)) AS locked',
          [OutboxLockClass.relay, this.schema],
        );
        if (!locked) return { outcome: 'busy' } as const;
        if (redisRun !== undefined) await this.unmarkWhatARestartMayHaveLost(manager, redisRun);
        const rows = await manager.query<OutboxRow[]>(
          // No casts in the select list: an output column named seq would make ORDER BY sort it as text.
          `SELECT seq, event_id, stream, type, v, ts, actor, correlation_id, causation_id, traceparent, data
             FROM ${this.schema}.outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
          [this.batchSize],
        );
        if (rows.length === 0) return { outcome: 'idle' } as const;
        const publishedSeqs: string[] = [];
        let publishError: unknown;
        for (const run of consecutiveRunsByStream(rows)) {
          try {
            await this.options.sink.publishMany(run.stream, run.envelopes);
            publishedSeqs.push(...run.seqs);
          } catch (error) {
            // Only the prefix before the first failure: marking a later success would publish out of order.
            publishedSeqs.push(...run.seqs.slice(0, publishedPrefixLength(error)));
            publishError = error;
            break;
          }
        }
        published = publishedSeqs.length > 0;
        // The at-least-once boundary: a row counts as delivered once this UPDATE commits AND the Redis that
        // took it (published_redis_run) keeps it; if the UPDATE or its commit fails, or that Redis restarts
        // within restartRepublishWindowMs having lost it, the row is published again. Consumers dedupe by
        // event id (runOnce). A loss older than the window, or with no run_id change, is not recovered.
        if (published) {
          // clock_timestamp(): when the entries reached Redis, which the restart window counts back from.
          await manager.query(
            `UPDATE ${this.schema}.outbox
                SET published_at = clock_timestamp(), published_redis_run = $2, attempts = attempts + 1,
                    last_error = NULL
              WHERE seq = ANY($1::bigint[])`,
            [publishedSeqs, redisRun ?? null],
          );
        }
        if (publishError !== undefined) {
          this.redisRun = undefined;
          const unpublished = rows.slice(publishedSeqs.length).map((row) => row.seq);
          await this.recordPublishFailure(manager, unpublished, publishError);
          return {
            outcome: 'failed',
            stage: 'publish',
            error: publishError,
            published: publishedSeqs.length,
          } as const;
        }
        return { outcome: 'published', count: rows.length, more: rows.length === this.batchSize } as const;
      });
      if (result.outcome === 'published') this.metrics.published.inc({ schema: this.schema }, result.count);
      if (result.outcome === 'failed') {
        this.metrics.published.inc({ schema: this.schema }, result.published);
        this.metrics.publishFailures.inc({ schema: this.schema });
      }
      return result;
    } catch (error) {
      if (published) this.metrics.publishFailures.inc({ schema: this.schema });
      return { outcome: 'failed', stage: 'database', error, published: 0 };
    }
  }

  /** One retention pass; returns how many rows went. */
  async cleanup(): Promise<{ outbox: number; processedEvents: number }> {
    const retentionMs = this.options.retentionMs ?? 7 * DAY_MS;
    const outbox = await this.deleteInBatches(
      `WITH gone AS (
         DELETE FROM ${this.schema}.outbox WHERE seq IN (
           SELECT seq FROM ${this.schema}.outbox
            WHERE published_at < now() - $1::double precision * interval '1 millisecond'
            ORDER BY published_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      retentionMs,
    );
    const processedRetentionMs = this.options.processedEventsRetentionMs ?? 30 * DAY_MS;
    const processedEvents =
      processedRetentionMs > 0
        ? await this.deleteInBatches(
            `WITH gone AS (
               DELETE FROM ${this.schema}.processed_events WHERE (consumer, event_id) IN (
                 SELECT consumer, event_id FROM ${this.schema}.processed_events
                  WHERE processed_at < now() - $1::double precision * interval '1 millisecond'
                  ORDER BY processed_at LIMIT $2 FOR UPDATE SKIP LOCKED)
               RETURNING 1)
             SELECT count(*)::int AS deleted FROM gone`,
            processedRetentionMs,
          )
        : 0;
    return { outbox, processedEvents };
  }

  /** Counts the waiting rows and updates the backlog gauges. */
  async measureBacklog(): Promise<OutboxBacklog> {
    const [row] = await this.options.dataSource.query<{ unpublished: number; oldest_age: number }[]>(
      `SELECT count(*)::int AS unpublished,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest_age
         FROM ${this.schema}.outbox WHERE published_at IS NULL`,
    );
    this.metrics.unpublished.set({ schema: this.schema }, row.unpublished);
    this.metrics.oldestUnpublishedAge.set({ schema: this.schema }, row.oldest_age);
    return { unpublished: row.unpublished, oldestAgeSeconds: row.oldest_age };
  }

  private async relayLoop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      const result = await this.relayBatch();
      if (result.outcome === 'failed') {
        failures++;
        this.noteFailure(result.stage, result.error);
        // Notifications don't cut a backoff short: a busy writer must not turn retries into a hammering.
        await this.otherSleeps.sleep(this.retryDelayMs(failures));
        continue;
      }
      if (result.outcome !== 'busy') {
        failures = 0;
        this.noteRecovery();
      }
      if (result.outcome === 'published' && result.more) continue;
      if (!this.notified && !this.stopping) await this.pollSleep.sleep(this.pollIntervalMs);
    }
  }

  private async housekeepingLoop(): Promise<void> {
    const metricsIntervalMs = this.options.metricsIntervalMs ?? 5000;
    const cleanupIntervalMs = this.options.cleanupIntervalMs ?? 60_000;
    let lastCleanup = Date.now() - cleanupIntervalMs + metricsIntervalMs;
    while (!this.stopping) {
      await this.otherSleeps.sleep(metricsIntervalMs);
      if (this.stopping) return;
      try {
        await this.measureBacklog();
        if (Date.now() - lastCleanup >= cleanupIntervalMs) {
          lastCleanup = Date.now();
          await this.cleanup();
        }
        this.reportedHousekeepingError = undefined;
      } catch (error) {
        const message = errorMessage(error);
        // The relay loop already reports outages; this only speaks up about a new kind of failure.
        if (message !== this.reportedHousekeepingError && !this.outage) {
          this.logger.warn(`outbox ${this.schema}: retention or metrics failed (${message}); will retry`);
        }
        this.reportedHousekeepingError = message;
      }
    }
  }

  /** The run_id of the Redis behind `sink` (of every master, for a Cluster); cached for runIdRefreshMs. */
  private async currentRedisRun(): Promise<string | undefined> {
    const redis = this.options.redis;
    if (!redis) return undefined;
    const cached = this.redisRun;
    if (cached && Date.now() - cached.readAt < this.runIdRefreshMs) return cached.id;
    const readAt = Date.now();
    const id = await redisRunId(redis);
    this.redisRun = { id, readAt };
    return id;
  }

  /**
   * When the newest published row went to another Redis run than the current one, the old server may have
   * acknowledged and then lost its last writes (AOF everysec, kill -9, failover): rows published within the
   * window before that newest row are unmarked, so this batch publishes them again in seq order.
   */
  private async unmarkWhatARestartMayHaveLost(manager: EntityManager, redisRun: string): Promise<void> {
    const [row] = await manager.query<{ unmarked: number; previous: string | null }[]>(
      `WITH newest AS (
         SELECT published_at, published_redis_run FROM ${this.schema}.outbox
          WHERE published_at IS NOT NULL ORDER BY published_at DESC LIMIT 1),
       unmarked AS (
         UPDATE ${this.schema}.outbox o SET published_at = NULL, published_redis_run = NULL
           FROM newest
          WHERE newest.published_redis_run IS DISTINCT FROM $1
            AND o.published_at >= newest.published_at - $2::double precision * interval '1 millisecond'
            AND o.published_redis_run IS DISTINCT FROM $1
         RETURNING 1)
       SELECT (SELECT count(*)::int FROM unmarked) AS unmarked, (SELECT published_redis_run FROM newest) AS previous`,
      [redisRun, this.republishWindowMs],
    );
    if (!row || row.unmarked === 0) return;
    this.logger.warn(
      `outbox ${this.schema}: redis restarted or failed over (run_id ${row.previous ?? 'unknown'} is now ` +
        `${redisRun}); publishing again the ${row.unmarked} events published in the ` +
        `${this.republishWindowMs / 1000} s before, which it may have lost (consumers skip duplicates)`,
    );
  }

  private async deleteInBatches(sql: string, olderThanMs: number): Promise<number> {
    const limit = this.options.cleanupBatchSize ?? 1000;
    let total = 0;
    for (;;) {
      const [{ deleted }] = await this.options.dataSource.query<{ deleted: number }[]>(sql, [
        olderThanMs,
        limit,
      ]);
      total += deleted;
      if (deleted < limit || this.stopping) return total;
    }
  }

  private async recordPublishFailure(manager: EntityManager, seqs: string[], error: unknown): Promise<void> {
    await manager.query(
      `UPDATE ${this.schema}.outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1::bigint[])`,
      [seqs, errorMessage(error).slice(0, LAST_ERROR_MAX_LENGTH)],
    );
  }

  private retryDelayMs(failures: number): number {
    const ceiling = Math.min(
      this.maxRetryDelayMs,
      this.initialRetryDelayMs * 2 ** Math.min(failures - 1, 16),
    );
    // Jitter, so replicas coming back together don't retry in lock-step.
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private noteFailure(stage: 'publish' | 'database', error: unknown): void {
    if (this.outage?.stage === stage) {
      this.outage.attempts++;
      return;
    }
    this.outage = { stage, since: this.outage?.since ?? Date.now(), attempts: 1 };
    this.logger.warn(
      stage === 'publish'
        ? `outbox ${this.schema}: cannot publish to redis (${errorMessage(error)}); events stay in the outbox ` +
            'and are retried with backoff until it is back'
        : `outbox ${this.schema}: cannot read or mark the outbox in postgres (${errorMessage(error)}); ` +
            'retrying with backoff',
    );
  }

  private noteRecovery(): void {
    if (!this.outage) return;
    const seconds = Math.round((Date.now() - this.outage.since) / 100) / 10;
    this.logger.log(`outbox ${this.schema}: relaying again after ${seconds} s of failures`);
    this.outage = undefined;
  }
}

interface StreamRun {
  stream: string;
  seqs: string[];
  envelopes: Envelope[];
}

/** Rows grouped into runs that share a stream, keeping their order. */
function consecutiveRunsByStream(rows: readonly OutboxRow[]): StreamRun[] {
  const runs: StreamRun[] = [];
  for (const row of rows) {
    const envelope: Envelope = {
      id: row.event_id,
      type: row.type,
      v: row.v,
      ts: row.ts.toISOString(),
      actor: row.actor,
      correlationId: row.correlation_id,
      causationId: row.causation_id,
      traceparent: row.traceparent,
      data: row.data,
    };
    let run = runs.at(-1);
    if (run?.stream !== row.stream) {
      run = { stream: row.stream, seqs: [], envelopes: [] };
      runs.push(run);
    }
    run.seqs.push(row.seq);
    run.envelopes.push(envelope);
  }
  return runs;
}

/** The server's run_id: a new one after every restart, and another server's after a failover. */
async function redisRunId(redis: RedisConnection): Promise<string> {
  const servers = isCluster(redis) ? redis.nodes('master') : [redis];
  if (servers.length === 0) throw new Error('no redis cluster master is known yet');
  const ids = await Promise.all(
    servers.map(async (server) => {
      const id = /^run_id:([0-9a-f]+)\s*$/m.exec(await server.info('server'))?.[1];
      if (!id) throw new Error('redis INFO server reported no run_id');
      return id;
    }),
  );
  return ids.sort().join(',');
}

/** How many entries at the head of a failed `publishMany` reached the stream. */
function publishedPrefixLength(error: unknown): number {
  if (!(error instanceof PublishBatchError)) return 0;
  const firstMissing = error.entryIds.indexOf(null);
  return firstMissing === -1 ? error.entryIds.length : firstMissing;
}
