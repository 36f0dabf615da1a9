import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, type LoggerService } from '@nestjs/common';
import {
  type Envelope,
  envelopeFromFields,
  fieldsToRecord,
  MalformedEnvelopeError,
} from '@tracera/contracts';
import { isCluster, type RedisConnection, withDeadline } from '@tracera/redis';
import { type StreamMetrics, streamMetrics } from '../metrics/stream-metrics';
import { deadLetterStreamOf } from '../stream-names';
import { type DeadLetterReason, describeFailure, moveToDeadLetters } from './dead-letter';
import { type StreamConsumerConnections } from './stream-consumer-connections';
import { NonRetryableError, type StreamConsumerOptions } from './stream-consumer.types';
import {
  isNoGroupError,
  parseAutoClaimReply,
  parseEntryList,
  parsePendingRange,
  parseReadGroupReply,
  type RawStreamEntry,
} from './stream-replies';

export const STREAM_CONSUMER_DEFAULTS = {
  startFrom: '$',
  concurrency: 10,
  blockMs: 5000,
  maxDeliveries: 5,
  reclaimIdleMs: 60_000,
  reclaimIntervalMs: 10_000,
  retryBackoffMs: 1000,
  maxRetryBackoffMs: 30_000,
  watchdogMarginMs: 5000,
  metrics: true,
} as const;

type ResolvedOptions = Required<Omit<StreamConsumerOptions, 'deadLetterStream'>> & {
  deadLetterStream: string;
};

export interface StreamConsumerStopResult {
  /** Entries still being handled at the deadline; they stay pending and another replica reclaims them. */
  unfinished: number;
}

/** Wait before retry number `deliveries` (1 after the first failed delivery): doubling, capped. */
export function retryDelayMs(deliveries: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.min(Math.max(deliveries - 1, 0), 20));
}

/** Wait after the `failures`th read failure in a row: 100 ms doubling to 2 s, with jitter. */
function readBackoffMs(failures: number): number {
  const ceiling = Math.min(2000, 100 * 2 ** Math.min(failures - 1, 5));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Resolves after `ms`, or at once when `signal` aborts; never rejects. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => undefined);
}

class ReadStalledError extends Error {
  constructor(ms: number) {
    super(`a blocking read gave no answer within ${ms} ms; reopening its connection`);
    this.name = 'ReadStalledError';
  }
}

/** An entry handed to this consumer, with the group's delivery count (this delivery included). */
interface Delivery {
  entryId: string;
  fields: string[];
  deliveries: number;
}

function validate(options: StreamConsumerOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    ...STREAM_CONSUMER_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
    stream: options.stream,
    group: options.group,
    consumer: options.consumer,
    handler: options.handler,
    batchSize: options.batchSize ?? options.concurrency ?? STREAM_CONSUMER_DEFAULTS.concurrency,
    deadLetterStream: options.deadLetterStream ?? deadLetterStreamOf(options.stream),
  };
  const positive: (keyof ResolvedOptions)[] = [
    'concurrency',
    'batchSize',
    'blockMs',
    'maxDeliveries',
    'reclaimIdleMs',
    'reclaimIntervalMs',
  ];
  for (const name of positive) {
    const value = resolved[name] as number;
    // BLOCK 0 waits forever, which would hide a dead connection from the watchdog.
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`StreamConsumer: ${name} must be a positive integer`);
  }
  for (const name of ['retryBackoffMs', 'maxRetryBackoffMs', 'watchdogMarginMs'] as const) {
    if (!Number.isFinite(resolved[name]) || resolved[name] < 0) {
      throw new Error(`StreamConsumer: ${name} must be 0 or more`);
    }
  }
  if (!resolved.stream || !resolved.group || !resolved.consumer) {
    throw new Error('StreamConsumer: stream, group and consumer are required');
  }
  return resolved;
}

/**
 * Reads one stream through a consumer group, at least once: at start it re-reads its own pending entries,
 * then new ones with finite blocking reads on a dedicated connection; it runs at most `concurrency` handlers
 * and reads no more than it has room for; it acknowledges only after the handler resolved; a failed entry is
 * retried after a growing wait and goes to the dead-letter stream (atomically with its ack) after
 * `maxDeliveries`, or at once when it is malformed or the handler throws {@link NonRetryableError}. A
 * reclaimer takes over entries other consumers left idle. Redis outages and a lost group are survived.
 */
export class StreamConsumer {
  private readonly options: ResolvedOptions;
  private readonly logger: LoggerService;
  private readonly metrics?: StreamMetrics;
  private readonly label: string;
  private running = false;
  private abort = new AbortController();
  private loops: Promise<void>[] = [];
  /** Entries received and not yet done with: handling, waiting for a retry, or queued for a handler slot. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Entries holding a handler slot (handling, or waiting for their retry); never above `concurrency`. */
  private handling = 0;
  private readonly handlerSlotQueue: (() => void)[] = [];
  /** The read loop, waiting for room to read into. */
  private readRoomWaiters: (() => void)[] = [];
  /** Handled entries whose XACK failed; sent again before the next read. */
  private readonly unacked = new Set<string>();
  /** Entries handled in the same turn, acknowledged together by one XACK. */
  private ackQueue: { entryId: string; done: () => void }[] = [];
  private ackScheduled = false;
  private blocking?: RedisConnection;
  private blockingClientId?: number;
  private reading = false;
  private groupReady = false;
  /** Where the group starts when (re)created: `startFrom` at first, the stream's start once it was lost. */
  private groupStart: string;
  private recreating?: Promise<void>;
  private lastRecreatedAt = 0;
  private outageSince?: number;
  private unwatchMetrics?: () => void;

  constructor(
    options: StreamConsumerOptions,
    private readonly connections: StreamConsumerConnections,
    logger?: LoggerService,
  ) {
    this.options = validate(options);
    this.groupStart = this.options.startFrom;
    this.logger = logger ?? new Logger('StreamConsumer');
    this.metrics = this.options.metrics ? streamMetrics() : undefined;
    this.label = `${this.options.stream} (group ${this.options.group}, consumer ${this.options.consumer})`;
  }

  get stream(): string {
    return this.options.stream;
  }

  get group(): string {
    return this.options.group;
  }

  /** Entries being handled or waiting for a retry right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Creates the group when missing and starts reading. Resolves once the group exists, or at once while
   * Redis is unreachable (the loop keeps trying); rejects only when the key is not a stream.
   */
  async start(): Promise<void> {
    if (this.running) throw new Error(`consumer of ${this.label} is already running`);
    this.running = true;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    try {
      await this.ensureGroup();
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('WRONGTYPE')) {
        this.running = false;
        throw new Error(`cannot consume ${this.options.stream}: the key exists and is not a stream`);
      }
      this.reportOutage('creating the consumer group', error);
    }
    this.unwatchMetrics = this.metrics?.watch({
      stream: this.options.stream,
      group: this.options.group,
      deadLetterStream: this.options.deadLetterStream,
      redis: this.connections.command,
    });
    this.loops = [this.readLoop(signal), this.reclaimLoop(signal)];
    this.logger.log(`consuming ${this.label}`);
  }

  /**
   * Stops reading, waits up to `deadlineMs` for the handlers in flight and acknowledges what finished, then
   * closes the blocking connection. Entries not finished stay pending; another replica reclaims them.
   */
  async stop(deadlineMs = 10_000): Promise<StreamConsumerStopResult> {
    if (!this.running) return { unfinished: 0 };
    this.running = false;
    const deadline = Date.now() + deadlineMs;
    const remaining = () => Math.max(0, deadline - Date.now());
    this.abort.abort();
    this.wakeReadLoop();
    for (const wake of this.handlerSlotQueue.splice(0)) wake();
    await this.interruptRead();
    await withDeadline(Promise.all(this.loops), remaining(), 'stopping the read loops').catch(
      () => undefined,
    );
    await withDeadline(Promise.allSettled(this.inFlight.values()), remaining(), 'in-flight handlers').catch(
      () => undefined,
    );
    // A last chance for acks that failed, however little time is left: each saves a redelivery.
    await withDeadline(this.flushUnacked(), Math.max(remaining(), 200), 'acknowledging').catch(
      () => undefined,
    );
    await this.closeBlocking();
    this.unwatchMetrics?.();
    const unfinished = this.inFlight.size;
    this.logger.log(
      unfinished === 0
        ? `stopped consuming ${this.label}`
        : `stopped consuming ${this.label}; ${unfinished} entries still being handled stay pending for another consumer`,
    );
    return { unfinished };
  }

  private async ensureGroup(): Promise<void> {
    const { stream, group } = this.options;
    try {
      await this.connections.command.call('XGROUP', 'CREATE', stream, group, this.groupStart, 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('BUSYGROUP')) throw error;
    }
    this.groupReady = true;
  }

  /** Single-flight: the read loop, the reclaimer and retries may all meet the missing group at once. */
  private recreateGroup(cause: unknown, signal: AbortSignal): Promise<void> {
    this.recreating ??= this.recreateGroupOnce(cause, signal).finally(() => {
      this.recreating = undefined;
    });
    return this.recreating;
  }

  private async recreateGroupOnce(cause: unknown, signal: AbortSignal): Promise<void> {
    this.groupReady = false;
    // From the start: the pending list was lost with the group, so only a full re-read is sure to cover
    // every entry not yet handled; handlers are idempotent and skip the ones they have seen.
    this.groupStart = '0';
    // Someone deleting the group again and again must not turn this into a hot loop.
    if (Date.now() - this.lastRecreatedAt < 1000) await pause(1000, signal);
    try {
      await this.ensureGroup();
    } catch (error) {
      this.reportOutage('recreating the consumer group', error);
      return;
    }
    this.lastRecreatedAt = Date.now();
    this.logger.error(
      `consumer group "${this.options.group}" of stream ${this.options.stream} was missing ` +
        `(${describeFailure(cause)}): Redis lost the stream or the group (restarted without its data, failed ` +
        'over to a replica that had not caught up, or the group was deleted). Recreated it (MKSTREAM) reading ' +
        'from the start of what the stream still holds. Events published while it was missing may be gone ' +
        "from Redis: producers' outboxes re-deliver the ones they had not published yet, anything else is lost. " +
        `Entries this consumer had in flight (${this.inFlight.size}) can no longer be acknowledged.`,
    );
  }

  // ---------------------------------------------------------------------------------------------- reading

  private async readLoop(signal: AbortSignal): Promise<void> {
    let ownPendingFrom: string | undefined = '0';
    let failures = 0;
    while (!signal.aborted) {
      await this.waitForReadRoom(signal);
      if (signal.aborted) break;
      try {
        if (!this.groupReady) await this.ensureGroup();
        await this.flushUnacked();
        const room = this.readRoom();
        if (ownPendingFrom !== undefined) ownPendingFrom = await this.readOwnPending(ownPendingFrom, room);
        else await this.readNew(room);
        failures = 0;
        this.recovered();
      } catch (error) {
        if (signal.aborted) break;
        if (isNoGroupError(error)) {
          ownPendingFrom = undefined;
          await this.recreateGroup(error, signal);
          continue;
        }
        failures += 1;
        if (error instanceof ReadStalledError) await this.closeBlocking();
        this.reportOutage('reading', error);
        await pause(readBackoffMs(failures), signal);
      }
    }
  }

  /** Re-reads this consumer's own pending entries (left by its previous run); resolves to where to go on. */
  private async readOwnPending(from: string, count: number): Promise<string | undefined> {
    const { stream, group, consumer } = this.options;
    const reply = await this.connections.command.call(
      'XREADGROUP',
      'GROUP',
      group,
      consumer,
      'COUNT',
      count,
      'STREAMS',
      stream,
      from,
    );
    const entries = parseReadGroupReply(reply);
    if (entries.length === 0) return undefined;
    await this.deliverRedelivered(entries);
    return entries[entries.length - 1].id;
  }

  private async readNew(count: number): Promise<void> {
    const { stream, group, consumer, blockMs } = this.options;
    const connection = this.blockingConnection();
    // Sent just ahead of the read on the same connection, so stop() can CLIENT UNBLOCK exactly this read.
    if (this.blockingClientId === undefined && !isCluster(connection)) {
      connection
        .call('CLIENT', 'ID')
        .then((id) => {
          if (this.blocking === connection) this.blockingClientId = Number(id);
        })
        .catch(() => undefined);
    }
    this.reading = true;
    try {
      const reply = await this.watchdog(
        connection.call(
          'XREADGROUP',
          'GROUP',
          group,
          consumer,
          'COUNT',
          count,
          'BLOCK',
          blockMs,
          'STREAMS',
          stream,
          '>',
        ),
      );
      for (const entry of parseReadGroupReply(reply)) {
        // A `>` read never returns deleted entries; the check only satisfies the type.
        if (entry.fields) this.dispatch({ entryId: entry.id, fields: entry.fields, deliveries: 1 });
      }
    } finally {
      this.reading = false;
    }
  }

  /** Fails a read that outlives its BLOCK by the margin: the connection is dead without knowing it. */
  private async watchdog<T>(read: Promise<T>): Promise<T> {
    const limitMs = this.options.blockMs + this.options.watchdogMarginMs;
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReadStalledError(limitMs)), limitMs);
    });
    read.catch(() => undefined);
    try {
      return await Promise.race([read, stalled]);
    } finally {
      clearTimeout(timer);
    }
  }

  private blockingConnection(): RedisConnection {
    if (this.blocking) return this.blocking;
    const connection = this.connections.openBlocking();
    // A reconnect gives the connection a new client id.
    connection.on('close', () => {
      if (this.blocking === connection) this.blockingClientId = undefined;
    });
    this.blocking = connection;
    return connection;
  }

  private async closeBlocking(): Promise<void> {
    const connection = this.blocking;
    this.blocking = undefined;
    this.blockingClientId = undefined;
    if (connection) await this.connections.closeBlocking(connection).catch(() => undefined);
  }

  /** Ends a blocking read at once on stop: CLIENT UNBLOCK makes it return empty; otherwise cut the connection. */
  private async interruptRead(): Promise<void> {
    if (!this.reading || !this.blocking) return;
    if (this.blockingClientId !== undefined) {
      const unblocked = await this.connections.command
        .call('CLIENT', 'UNBLOCK', this.blockingClientId)
        .catch(() => 0);
      if (Number(unblocked) === 1) return;
    }
    // An entry delivered at this very moment stays pending for this consumer and is reclaimed by another.
    await this.closeBlocking();
  }

  // ------------------------------------------------------------------------------------------- reclaiming

  private async reclaimLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await pause(this.options.reclaimIntervalMs, signal);
      if (signal.aborted || !this.groupReady) continue;
      try {
        await this.flushUnacked();
        await this.reclaimIdle(signal);
      } catch (error) {
        if (signal.aborted) break;
        if (isNoGroupError(error)) await this.recreateGroup(error, signal);
        else this.reportOutage('reclaiming idle entries', error);
      }
    }
  }

  /** XAUTOCLAIM entries idle longer than `reclaimIdleMs` (their consumer crashed or hung), as room allows. */
  private async reclaimIdle(signal: AbortSignal): Promise<void> {
    const { stream, group, consumer, reclaimIdleMs } = this.options;
    let cursor = '0-0';
    do {
      // Runs beside a blocking read that may fill the same room; what arrives beyond it queues for a slot.
      const room = this.readRoom();
      if (room === 0) return;
      const reply = await this.connections.command.call(
        'XAUTOCLAIM',
        stream,
        group,
        consumer,
        reclaimIdleMs,
        cursor,
        'COUNT',
        room,
      );
      const { next, entries, deletedIds } = parseAutoClaimReply(reply);
      if (deletedIds.length > 0) {
        this.logger.warn(
          `${this.label}: ${deletedIds.length} pending entries no longer existed when reclaimed (deleted or ` +
            `trimmed before anyone handled them) and were dropped from the pending list: ` +
            deletedIds.slice(0, 10).join(', '),
        );
      }
      await this.deliverRedelivered(entries);
      cursor = next;
    } while (cursor !== '0-0' && !signal.aborted);
  }

  /** Entries read again (own pending, reclaimed): their delivery counts come from XPENDING. */
  private async deliverRedelivered(entries: RawStreamEntry[]): Promise<void> {
    const { stream, group, consumer } = this.options;
    // Handled already but not yet acknowledged (the ack is retried): not worth a second run.
    const fresh = entries.filter((entry) => !this.inFlight.has(entry.id) && !this.unacked.has(entry.id));
    const deleted = fresh.filter((entry) => entry.fields === null).map((entry) => entry.id);
    if (deleted.length > 0) {
      await this.connections.command.xack(stream, group, ...deleted);
      this.logger.warn(
        `${this.label}: ${deleted.length} pending entries no longer existed (deleted or trimmed before anyone ` +
          `handled them); acknowledged them: ${deleted.slice(0, 10).join(', ')}`,
      );
    }
    const live = fresh.filter((entry): entry is { id: string; fields: string[] } => entry.fields !== null);
    if (live.length === 0) return;
    const pipeline = this.connections.command.pipeline();
    for (const entry of live) pipeline.call('XPENDING', stream, group, entry.id, entry.id, 1);
    const replies = (await pipeline.exec()) ?? [];
    live.forEach((entry, i) => {
      const [error, reply] = replies[i] ?? [new Error('no reply from the pipeline'), null];
      if (error) throw error;
      const [pending] = parsePendingRange(reply);
      // Acknowledged or claimed by another consumer in between: no longer ours to handle.
      if (!pending || pending.consumer !== consumer) return;
      this.dispatch({ entryId: entry.id, fields: entry.fields, deliveries: pending.deliveries });
    });
  }

  // --------------------------------------------------------------------------------------------- handling

  /** How many entries one read or claim may ask for: no more than there are slots for. */
  private readRoom(): number {
    return Math.max(0, Math.min(this.options.batchSize, this.options.concurrency - this.inFlight.size));
  }

  private async waitForReadRoom(signal: AbortSignal): Promise<void> {
    while (this.readRoom() === 0 && !signal.aborted) {
      await new Promise<void>((resolve) => this.readRoomWaiters.push(resolve));
    }
  }

  private wakeReadLoop(): void {
    const waiters = this.readRoomWaiters;
    this.readRoomWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Waits, first come first served, for a handler slot; false when stopping before one came free. */
  private async acquireHandlerSlot(signal: AbortSignal): Promise<boolean> {
    while (this.handling >= this.options.concurrency) {
      if (signal.aborted) return false;
      await new Promise<void>((resolve) => this.handlerSlotQueue.push(resolve));
    }
    if (signal.aborted) return false;
    this.handling += 1;
    return true;
  }

  private releaseHandlerSlot(): void {
    this.handling -= 1;
    this.handlerSlotQueue.shift()?.();
  }

  private dispatch(delivery: Delivery): void {
    if (this.inFlight.has(delivery.entryId)) return;
    const work = this.process(delivery).finally(() => {
      this.inFlight.delete(delivery.entryId);
      this.wakeReadLoop();
    });
    this.inFlight.set(delivery.entryId, work);
  }

  /**
   * Handles an entry until it is acknowledged, dead-lettered, or left pending. A failed entry keeps its slot
   * while it waits for its retry, so an outage of what handlers depend on slows reading down instead of
   * cycling the whole stream towards the dead-letter stream.
   */
  private async process(first: Delivery): Promise<void> {
    const signal = this.abort.signal;
    // Not started before stopping: it stays pending, like any entry this consumer could not finish.
    if (!(await this.acquireHandlerSlot(signal))) return;
    let delivery: Delivery | undefined = first;
    try {
      while (delivery) {
        const retryInMs = await this.handle(delivery);
        if (retryInMs === undefined) return;
        await pause(retryInMs, signal);
        // Stopping: the entry stays pending for this consumer's next start or another replica's reclaimer.
        if (signal.aborted) return;
        delivery = await this.claimForRetry(delivery, retryInMs);
      }
    } catch (error) {
      this.logger.error(
        `${this.label}: unexpected failure handling entry ${first.entryId}: ${describeFailure(error)}`,
      );
    } finally {
      this.releaseHandlerSlot();
    }
  }

  /** One delivery; resolves to the wait before a retry, or undefined when the entry is done with. */
  private async handle(delivery: Delivery): Promise<number | undefined> {
    const { stream, group, maxDeliveries, handler } = this.options;
    const { entryId, fields, deliveries } = delivery;
    const record = fieldsToRecord(fields);
    if (deliveries > maxDeliveries) {
      await this.deadLetter(
        delivery,
        'max-deliveries',
        `delivered ${deliveries} times without being acknowledged (consumers crashed or stalled while handling it)`,
        record.type ?? 'unknown',
      );
      return undefined;
    }
    let envelope: Envelope;
    try {
      envelope = envelopeFromFields(record);
    } catch (error) {
      await this.deadLetter(delivery, 'malformed', describeFailure(error), 'malformed');
      return undefined;
    }
    const labels = { stream, group, type: envelope.type };
    const stopTimer = this.metrics?.handlerSeconds.startTimer(labels);
    try {
      await handler({ stream, entryId, envelope, fields: record, deliveries });
    } catch (error) {
      stopTimer?.({ outcome: 'failed' });
      this.metrics?.failed.inc(labels);
      if (error instanceof MalformedEnvelopeError || error instanceof NonRetryableError) {
        const reason = error instanceof MalformedEnvelopeError ? 'malformed' : 'non-retryable';
        await this.deadLetter(delivery, reason, describeFailure(error), envelope.type);
        return undefined;
      }
      if (deliveries >= maxDeliveries) {
        await this.deadLetter(delivery, 'max-deliveries', describeFailure(error), envelope.type);
        return undefined;
      }
      const waitMs = retryDelayMs(deliveries, this.options.retryBackoffMs, this.options.maxRetryBackoffMs);
      this.logger.warn(
        `${this.label}: ${envelope.type} ${envelope.id} (entry ${entryId}) failed on delivery ${deliveries} of ` +
          `${maxDeliveries}: ${describeFailure(error)}; retrying in ${waitMs} ms`,
      );
      return waitMs;
    }
    stopTimer?.({ outcome: 'ok' });
    this.metrics?.handled.inc(labels);
    await this.acknowledge(entryId);
    return undefined;
  }

  /**
   * Takes the entry back for another delivery (XCLAIM counts it). The min-idle of the wait makes the claim
   * fail when another consumer claimed the entry meanwhile; then it is theirs.
   */
  private async claimForRetry(delivery: Delivery, waitedMs: number): Promise<Delivery | undefined> {
    const { stream, group, consumer } = this.options;
    try {
      const reply = await this.connections.command.call(
        'XCLAIM',
        stream,
        group,
        consumer,
        Math.max(0, waitedMs - 10),
        delivery.entryId,
      );
      const [entry] = parseEntryList(reply, 'XCLAIM');
      // Acknowledged, deleted, or taken over meanwhile.
      if (!entry?.fields) return undefined;
      return { entryId: entry.id, fields: entry.fields, deliveries: delivery.deliveries + 1 };
    } catch (error) {
      // Left pending: the reclaimer (this consumer's or another's) delivers it again after reclaimIdleMs.
      if (!isNoGroupError(error)) this.reportOutage('claiming an entry for its retry', error);
      return undefined;
    }
  }

  /** Resolves once the entry's XACK went out (or it was left for flushUnacked after a failure). */
  private acknowledge(entryId: string): Promise<void> {
    return new Promise((done) => {
      this.ackQueue.push({ entryId, done });
      if (this.ackScheduled) return;
      this.ackScheduled = true;
      // One XACK for every entry finished in this turn: a batch of handlers costs one round trip, not N.
      setImmediate(() => void this.acknowledgeQueued());
    });
  }

  private async acknowledgeQueued(): Promise<void> {
    this.ackScheduled = false;
    const queued = this.ackQueue;
    this.ackQueue = [];
    const ids = queued.map((entry) => entry.entryId);
    try {
      await this.connections.command.xack(this.options.stream, this.options.group, ...ids);
    } catch (error) {
      for (const id of ids) this.unacked.add(id);
      this.reportOutage('acknowledging', error);
    }
    for (const entry of queued) entry.done();
  }

  private async flushUnacked(): Promise<void> {
    if (this.unacked.size === 0) return;
    const ids = [...this.unacked];
    await this.connections.command.xack(this.options.stream, this.options.group, ...ids);
    for (const id of ids) this.unacked.delete(id);
  }

  private async deadLetter(
    delivery: Delivery,
    reason: DeadLetterReason,
    error: string,
    type: string,
  ): Promise<void> {
    const { stream, group, consumer, deadLetterStream } = this.options;
    try {
      const deadEntryId = await moveToDeadLetters(
        this.connections.command,
        deadLetterStream,
        {
          reason,
          error,
          stream,
          entryId: delivery.entryId,
          group,
          consumer,
          deliveries: delivery.deliveries,
          failedAt: new Date(),
        },
        delivery.fields,
      );
      // Not pending any more: another consumer acknowledged or dead-lettered it first.
      if (deadEntryId === null) return;
      this.metrics?.deadLettered.inc({ stream, group, type, reason });
      this.logger.error(
        `${this.label}: moved ${type} entry ${delivery.entryId} to ${deadLetterStream} as ${deadEntryId} ` +
          `(${reason}, ${delivery.deliveries} deliveries): ${error}`,
      );
    } catch (failure) {
      // Still pending: redelivered later, and dead-lettered then (its delivery count is past the limit).
      this.reportOutage('dead-lettering', failure);
    }
  }

  // ---------------------------------------------------------------------------------------------- outages

  /** Logs the first failure of an outage only; {@link recovered} logs its end. */
  private reportOutage(activity: string, error: unknown): void {
    if (this.outageSince !== undefined) return;
    this.outageSince = Date.now();
    this.logger.warn(
      `${this.label}: ${activity} failed: ${describeFailure(error)}; retrying with backoff until Redis answers ` +
        '(logged once per outage)',
    );
  }

  private recovered(): void {
    if (this.outageSince === undefined) return;
    const seconds = ((Date.now() - this.outageSince) / 1000).toFixed(1);
    this.outageSince = undefined;
    this.logger.log(`${this.label}: consuming again after ${seconds} s of Redis errors`);
  }
}
