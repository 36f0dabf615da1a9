import { Counter, Gauge, Histogram, register } from 'prom-client';
import { type RedisConnection, withDeadline } from '@tracera/redis';
import { measureLag, readGroupProgress, type StreamGroup } from './group-progress';

/** A group whose lag, pending count and dead letters are reported on every scrape. */
export interface WatchedStreamGroup extends StreamGroup {
  redis: RedisConnection;
  deadLetterStream: string;
}

/** Lag beyond this many entries is reported as this many when Redis must count it (lag unknown to XINFO). */
const LAG_COUNT_CAP = 10_000;
/** A scrape waits no longer for Redis; a slow or absent Redis leaves the previous values in place. */
const REFRESH_TIMEOUT_MS = 1000;
/** The three gauges are collected one after another in one scrape; one Redis round serves them all. */
const REFRESH_REUSE_MS = 250;

// Another consumer in the same process may have registered the metric already; prom-client would throw.
function registered<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/**
 * Metrics of stream consumption, in prom-client's default registry: gauges per stream and group refreshed
 * from Redis when scraped, and per-pattern (message `type`) handler latency and outcome counters.
 */
export class StreamMetrics {
  readonly lag: Gauge<'stream' | 'group'>;
  readonly pending: Gauge<'stream' | 'group'>;
  readonly deadLetters: Gauge<'stream'>;
  readonly handlerSeconds: Histogram<'stream' | 'group' | 'type' | 'outcome'>;
  readonly handled: Counter<'stream' | 'group' | 'type'>;
  readonly failed: Counter<'stream' | 'group' | 'type'>;
  readonly deadLettered: Counter<'stream' | 'group' | 'type' | 'reason'>;
  /** 1 while this process holds the exclusive lease of the group on the stream, 0 while it waits for it. */
  readonly leaseHeld: Gauge<'stream' | 'group'>;
  private readonly watched = new Set<WatchedStreamGroup>();
  private refreshing?: Promise<void>;
  private refreshedAt = 0;

  constructor() {
    const collect = () => this.refresh();
    this.lag = registered(
      'tracera_stream_group_lag',
      () =>
        new Gauge({
          name: 'tracera_stream_group_lag',
          help: 'Entries of the stream not yet delivered to the consumer group',
          labelNames: ['stream', 'group'],
          collect,
        }),
    );
    this.pending = registered(
      'tracera_stream_group_pending',
      () =>
        new Gauge({
          name: 'tracera_stream_group_pending',
          help: 'Entries delivered to the consumer group but not yet acknowledged',
          labelNames: ['stream', 'group'],
          collect,
        }),
    );
    this.deadLetters = registered(
      'tracera_stream_dead_letters',
      () =>
        new Gauge({
          name: 'tracera_stream_dead_letters',
          help: 'Entries in the dead-letter stream of the stream (every group of it together)',
          labelNames: ['stream'],
          collect,
        }),
    );
    this.handlerSeconds = registered(
      'tracera_stream_handler_duration_seconds',
      () =>
        new Histogram({
          name: 'tracera_stream_handler_duration_seconds',
          help: 'Time a stream message handler took, by message type and outcome (ok, failed)',
          labelNames: ['stream', 'group', 'type', 'outcome'],
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        }),
    );
    this.handled = registered(
      'tracera_stream_messages_handled_total',
      () =>
        new Counter({
          name: 'tracera_stream_messages_handled_total',
          help: 'Stream messages handled and acknowledged, by message type',
          labelNames: ['stream', 'group', 'type'],
        }),
    );
    this.failed = registered(
      'tracera_stream_messages_failed_total',
      () =>
        new Counter({
          name: 'tracera_stream_messages_failed_total',
          help: 'Stream message deliveries whose handler threw, by message type',
          labelNames: ['stream', 'group', 'type'],
        }),
    );
    this.deadLettered = registered(
      'tracera_stream_messages_dead_lettered_total',
      () =>
        new Counter({
          name: 'tracera_stream_messages_dead_lettered_total',
          help: 'Stream messages moved to the dead-letter stream, by message type and reason',
          labelNames: ['stream', 'group', 'type', 'reason'],
        }),
    );
    this.leaseHeld = registered(
      'tracera_stream_consumer_lease_held',
      () =>
        new Gauge({
          name: 'tracera_stream_consumer_lease_held',
          help: 'Whether this process holds the exclusive consumer lease of the group (1) or waits for it (0)',
          labelNames: ['stream', 'group'],
        }),
    );
  }

  /** Reports the group's gauges until the returned function is called. */
  watch(target: WatchedStreamGroup): () => void {
    this.watched.add(target);
    return () => {
      this.watched.delete(target);
    };
  }

  /** Reads lag, pending counts and dead-letter lengths of every watched group from Redis. */
  refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (Date.now() - this.refreshedAt < REFRESH_REUSE_MS) return Promise.resolve();
    this.refreshing = withDeadline(this.readAll(), REFRESH_TIMEOUT_MS, 'stream metrics refresh')
      .catch(() => undefined)
      .finally(() => {
        this.refreshedAt = Date.now();
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  private async readAll(): Promise<void> {
    const byStream = new Map<string, WatchedStreamGroup[]>();
    for (const target of this.watched)
      byStream.set(target.stream, [...(byStream.get(target.stream) ?? []), target]);
    await Promise.all(
      [...byStream].map(async ([stream, targets]) => {
        const { redis, deadLetterStream } = targets[0];
        const [groups, deadLetters] = await Promise.all([
          readGroupProgress(redis, stream),
          redis.xlen(deadLetterStream),
        ]);
        this.deadLetters.set({ stream }, deadLetters);
        for (const group of new Set(targets.map((t) => t.group))) {
          const progress = groups.find((g) => g.group === group);
          if (!progress) {
            this.lag.remove({ stream, group });
            this.pending.remove({ stream, group });
            continue;
          }
          const { lag } = await measureLag(redis, stream, progress, LAG_COUNT_CAP);
          this.lag.set({ stream, group }, lag);
          this.pending.set({ stream, group }, progress.pending);
        }
      }),
    );
  }
}

let shared: StreamMetrics | undefined;

/** The process's stream metrics, created on first use. */
export function streamMetrics(): StreamMetrics {
  shared ??= new StreamMetrics();
  return shared;
}
