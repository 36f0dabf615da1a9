import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, type LoggerService } from '@nestjs/common';
import { LuaScript, type RedisConnection } from '@tracera/redis';
import { type StreamMetrics, streamMetrics } from '../metrics/stream-metrics';
import { consumerLeaseKeyOf } from '../stream-names';
import { describeFailure } from './dead-letter';
import { type StreamConsumer, type StreamConsumerStopResult } from './stream-consumer';
import { isNoGroupError } from './stream-replies';

/**
 * Asks for one consumer of the group at a time (across replicas) instead of shared work. With concurrency 1
 * the group's entries are then handled one by one in stream order, whichever replica handles them.
 */
export interface ExclusiveConsumption {
  /**
   * How long the lease lasts without renewal, ms: a holder that dies without releasing it is replaced this
   * long after its last renewal. It is renewed every third of this; a graceful stop hands over at once.
   */
  leaseMs: number;
}

export interface ExclusiveStreamConsumerOptions extends ExclusiveConsumption {
  stream: string;
  group: string;
  /** The inner consumer's name: the pending entries a former holder left are claimed for it. */
  consumer: string;
  /** Holds the lease and claims entries (the consumer's command connection; it never blocks). */
  redis: RedisConnection;
  /** Record the lease gauge in prom-client's default registry. */
  metrics?: boolean;
}

/** The part of a {@link StreamConsumer} the lease drives. */
export type LeasedConsumer = Pick<StreamConsumer, 'start' | 'stop'>;

// Compare-and-…: only the token that set the lease may extend or delete it, so a holder that lost it
// (expired while it was cut off, then taken) can never cut its successor's lease short.
const renewScript = new LuaScript(
  'consumer-lease-renew',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
);
const releaseScript = new LuaScript(
  'consumer-lease-release',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
);

/** Resolves after `ms`, or at once when `signal` aborts; never rejects. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => undefined);
}

/** How many pending ids one claim moves; the takeover loops until the group's pending list is covered. */
const ADOPT_BATCH = 100;
/** Followers retry at least this often, so a released lease is taken soon even when leases are long. */
const MAX_ACQUIRE_INTERVAL_MS = 1000;

/**
 * Runs a {@link StreamConsumer} on one replica at a time: the replica holding a lease key in Redis (SET NX
 * PX) reads, the others try to take the lease every so often. The holder renews it (compare-and-PEXPIRE)
 * every third of the lease; when a renewal finds the lease gone or taken, or renewals keep failing until
 * the lease would have run out, it stops reading. A graceful stop drains, then deletes the lease
 * (compare-and-DEL) so a follower takes over at once. A new holder first claims every entry still pending
 * in the group (left by a holder that crashed or lost the lease while handling it) and handles those
 * before reading new ones, so with concurrency 1 stream order survives the takeover. An entry the old
 * holder was still handling when it lost the lease may be handled twice: handlers stay idempotent.
 */
export class ExclusiveStreamConsumer {
  private readonly key: string;
  private readonly token: string;
  private readonly label: string;
  private readonly renewIntervalMs: number;
  private readonly acquireIntervalMs: number;
  private readonly metrics?: StreamMetrics;
  private running = false;
  private holding = false;
  private abort = new AbortController();
  private loop?: Promise<void>;
  /** Until when the lease surely lasts: when the last successful SET or renewal was sent, plus the lease. */
  private validUntil = 0;
  private outageSince?: number;

  constructor(
    private readonly inner: LeasedConsumer,
    private readonly options: ExclusiveStreamConsumerOptions,
    private readonly logger: LoggerService = new Logger('ExclusiveStreamConsumer'),
  ) {
    const { leaseMs, stream, group, consumer } = options;
    if (!Number.isInteger(leaseMs) || leaseMs < 3) {
      throw new Error('ExclusiveStreamConsumer: leaseMs must be an integer of 3 or more');
    }
    this.key = consumerLeaseKeyOf(stream, group);
    this.token = `${consumer}:${randomBytes(6).toString('hex')}`;
    this.label = `${stream} (group ${group}, consumer ${consumer})`;
    this.renewIntervalMs = Math.floor(leaseMs / 3);
    this.acquireIntervalMs = Math.min(this.renewIntervalMs, MAX_ACQUIRE_INTERVAL_MS);
    this.metrics = options.metrics === false ? undefined : streamMetrics();
  }

  /** Whether this consumer holds the lease (and so reads) right now. */
  get holdsLease(): boolean {
    return this.holding;
  }

  get leaseKey(): string {
    return this.key;
  }

  /**
   * Tries the lease once (reading at once when it gets it), then keeps renewing or retrying in the
   * background. Rejects only when the inner consumer cannot start (the key is not a stream).
   */
  async start(): Promise<void> {
    if (this.running) throw new Error(`exclusive consumer of ${this.label} is already running`);
    this.running = true;
    this.abort = new AbortController();
    this.setGauge(false);
    try {
      await this.attempt();
    } catch (error) {
      this.running = false;
      throw error;
    }
    this.loop = this.run(this.abort.signal);
  }

  /** Stops trying; a holder drains its consumer (up to `deadlineMs`), then releases the lease. */
  async stop(deadlineMs = 10_000): Promise<StreamConsumerStopResult> {
    if (!this.running) return { unfinished: 0 };
    this.running = false;
    this.abort.abort();
    await this.loop;
    if (!this.holding) return { unfinished: 0 };
    this.holding = false;
    // Acks first, release second: a successor must not claim entries this replica is about to acknowledge.
    // The lease is kept alive meanwhile, however long the handlers in flight take to finish.
    const keepAlive = setInterval(() => {
      renewScript.run(this.options.redis, [this.key], [this.token, this.options.leaseMs]).catch(() => 0);
    }, this.renewIntervalMs);
    let result: StreamConsumerStopResult;
    try {
      result = await this.inner.stop(deadlineMs);
    } finally {
      clearInterval(keepAlive);
    }
    await this.release();
    this.setGauge(false);
    this.logger.log(`${this.label}: released the consumer lease`);
    return result;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await pause(this.holding ? this.renewIntervalMs : this.acquireIntervalMs, signal);
      if (signal.aborted) break;
      if (this.holding) {
        if (!(await this.renew())) await this.relinquish();
        continue;
      }
      try {
        await this.attempt();
      } catch (error) {
        this.logger.error(
          `${this.label}: took the consumer lease but could not start reading: ${describeFailure(error)}`,
        );
      }
    }
  }

  /** One SET NX; on success claims what a former holder left pending and starts the inner consumer. */
  private async attempt(): Promise<void> {
    const sentAt = Date.now();
    let acquired: boolean;
    try {
      acquired =
        (await this.options.redis.set(this.key, this.token, 'PX', this.options.leaseMs, 'NX')) === 'OK';
      this.recovered();
    } catch (error) {
      this.reportOutage('taking the consumer lease', error);
      return;
    }
    if (!acquired) return;
    this.validUntil = sentAt + this.options.leaseMs;
    let adopted: number;
    try {
      adopted = await this.adoptPending();
    } catch (error) {
      // Reading new entries before the left-over ones would break stream order: hand the lease back.
      this.reportOutage('claiming the entries a former holder left pending', error);
      await this.release();
      return;
    }
    try {
      await this.inner.start();
    } catch (error) {
      await this.release();
      throw error;
    }
    this.holding = true;
    this.setGauge(true);
    this.logger.log(
      `${this.label}: took the consumer lease and reads` +
        (adopted > 0 ? `, first the ${adopted} entries a former holder left pending` : ''),
    );
  }

  /**
   * Moves every entry pending in the group to this consumer (JUSTID: the delivery count is raised when the
   * inner consumer re-reads its own pending entries at start, in stream order, before any new entry).
   */
  private async adoptPending(): Promise<number> {
    const { stream, group, consumer, redis } = this.options;
    let cursor = '0-0';
    let adopted = 0;
    do {
      let reply: unknown;
      try {
        reply = await redis.call(
          'XAUTOCLAIM',
          stream,
          group,
          consumer,
          0,
          cursor,
          'COUNT',
          ADOPT_BATCH,
          'JUSTID',
        );
      } catch (error) {
        // No group yet: nothing was ever delivered; the inner consumer creates it.
        if (isNoGroupError(error)) return adopted;
        throw error;
      }
      if (!Array.isArray(reply) || typeof reply[0] !== 'string' || !Array.isArray(reply[1])) {
        throw new Error(`unexpected XAUTOCLAIM reply: ${JSON.stringify(reply)?.slice(0, 200)}`);
      }
      cursor = reply[0];
      adopted += reply[1].length;
    } while (cursor !== '0-0');
    return adopted;
  }

  /** True while the lease is still this consumer's. */
  private async renew(): Promise<boolean> {
    const sentAt = Date.now();
    try {
      const renewed = Number(
        await renewScript.run(this.options.redis, [this.key], [this.token, this.options.leaseMs]),
      );
      this.recovered();
      if (renewed === 1) {
        this.validUntil = sentAt + this.options.leaseMs;
        return true;
      }
      this.logger.warn(
        `${this.label}: the consumer lease expired or was taken by another replica; stopping reading`,
      );
      return false;
    } catch (error) {
      this.reportOutage('renewing the consumer lease', error);
      // Another try fits before the lease runs out; otherwise stop now, before a successor may start.
      if (this.validUntil - Date.now() > this.renewIntervalMs) return true;
      this.logger.warn(
        `${this.label}: could not renew the consumer lease before it runs out; stopping reading`,
      );
      return false;
    }
  }

  private async relinquish(): Promise<void> {
    this.holding = false;
    this.setGauge(false);
    // Handlers in flight may finish and ack; what they do not finish the next holder claims.
    await this.inner.stop(this.options.leaseMs);
    // In case the lease is in fact still ours (a renewal that timed out): let a follower have it now.
    await this.release();
  }

  private async release(): Promise<void> {
    await releaseScript.run(this.options.redis, [this.key], [this.token]).catch(() => undefined);
  }

  private setGauge(held: boolean): void {
    this.metrics?.leaseHeld.set({ stream: this.options.stream, group: this.options.group }, held ? 1 : 0);
  }

  /** Logs the first failure of an outage only; {@link recovered} logs its end. */
  private reportOutage(activity: string, error: unknown): void {
    if (this.outageSince !== undefined) return;
    this.outageSince = Date.now();
    this.logger.warn(
      `${this.label}: ${activity} failed: ${describeFailure(error)}; retrying until Redis answers (logged once per outage)`,
    );
  }

  private recovered(): void {
    if (this.outageSince === undefined) return;
    const seconds = ((Date.now() - this.outageSince) / 1000).toFixed(1);
    this.outageSince = undefined;
    this.logger.log(`${this.label}: reaching the consumer lease again after ${seconds} s of Redis errors`);
  }
}
