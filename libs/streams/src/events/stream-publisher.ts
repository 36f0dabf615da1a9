import { Logger, type LoggerService } from '@nestjs/common';
import { type Envelope, envelopeToFields } from '@tracera/contracts';
import { type RedisConnection } from '@tracera/redis';
import { DEAD_LETTER_FIELD_PREFIX } from './dead-letter';
import { type StreamRetention, trimStream, type TrimResult } from './stream-retention';

export interface StreamPublisherOptions {
  /** Roughly the most entries a stream keeps; 0 keeps any number. Default 1,000,000. */
  maxLength?: number;
  /** Entries older than this may be trimmed, ms; 0 (the default) keeps them however old. */
  maxAgeMs?: number;
  /** Least time between two retention passes over one stream, ms; 0 turns automatic trimming off. Default 10 s. */
  trimIntervalMs?: number;
  logger?: LoggerService;
}

export const STREAM_PUBLISHER_DEFAULTS = {
  maxLength: 1_000_000,
  maxAgeMs: 0,
  trimIntervalMs: 10_000,
} as const;

/** One entry of {@link StreamPublisher.publishMany}: an envelope, with transport fields when needed. */
export interface OutgoingEntry {
  envelope: Envelope;
  extraFields?: Record<string, string>;
}

/** Some entries of a batch were not added; `entryIds` holds the ids of those that were (null for the others). */
export class PublishBatchError extends Error {
  constructor(
    readonly entryIds: (string | null)[],
    readonly errors: (Error | null)[],
  ) {
    const failed = errors.filter((e) => e !== null);
    super(`${failed.length} of ${entryIds.length} entries were not published: ${failed[0]?.message}`);
    this.name = 'PublishBatchError';
  }
}

/** Passes one retention pass looks at in a row before yielding to the next interval. */
const MAX_TRIM_PASSES = 10;

const ENVELOPE_FIELDS = new Set([
  'id',
  'type',
  'v',
  'ts',
  'actor',
  'correlationId',
  'causationId',
  'traceparent',
  'data',
]);

function entryFields(envelope: Envelope, extraFields: Record<string, string> | undefined): string[] {
  const fields = envelopeToFields(envelope);
  for (const [name, value] of Object.entries(extraFields ?? {})) {
    if (ENVELOPE_FIELDS.has(name) || name.startsWith(DEAD_LETTER_FIELD_PREFIX)) {
      throw new Error(`extra stream field "${name}" would shadow an envelope or dead-letter field`);
    }
    fields.push(name, value);
  }
  return fields;
}

/**
 * Appends envelopes to streams (XADD on the shared command connection, which fails fast while Redis is down:
 * the outbox keeps what could not be published). Retention runs beside publishing, at most once per
 * `trimIntervalMs` per stream and never on the XADD itself, because only a check of every group's progress
 * can tell how far a stream may be trimmed (see {@link trimStream}).
 */
export class StreamPublisher {
  private readonly retention: StreamRetention;
  private readonly trimIntervalMs: number;
  private readonly logger: LoggerService;
  private readonly lastTrim = new Map<string, number>();
  private readonly trimming = new Map<string, Promise<void>>();
  private readonly trimFailing = new Set<string>();
  private readonly heldBackReported = new Map<string, string>();

  constructor(
    private readonly redis: RedisConnection,
    options: StreamPublisherOptions = {},
  ) {
    this.retention = {
      maxLength: options.maxLength ?? STREAM_PUBLISHER_DEFAULTS.maxLength,
      maxAgeMs: options.maxAgeMs ?? STREAM_PUBLISHER_DEFAULTS.maxAgeMs,
    };
    this.trimIntervalMs = options.trimIntervalMs ?? STREAM_PUBLISHER_DEFAULTS.trimIntervalMs;
    if (!(this.retention.maxLength >= 0) || !(this.retention.maxAgeMs >= 0) || !(this.trimIntervalMs >= 0)) {
      throw new Error('StreamPublisher: maxLength, maxAgeMs and trimIntervalMs must be 0 or more');
    }
    this.logger = options.logger ?? new Logger('StreamPublisher');
  }

  /** Appends one envelope (plus transport fields such as `replyTo`) and resolves to its entry id. */
  async publish(stream: string, envelope: Envelope, extraFields?: Record<string, string>): Promise<string> {
    const id = await this.redis.xadd(stream, '*', ...entryFields(envelope, extraFields));
    if (id === null) throw new Error(`XADD to ${stream} returned no id`);
    this.trimWhenDue(stream);
    return id;
  }

  /**
   * Appends a batch in one pipelined round trip, in order. When some entries fail, throws
   * {@link PublishBatchError} saying which ones were added (the outbox marks those, retries the rest).
   */
  async publishMany(stream: string, entries: readonly (Envelope | OutgoingEntry)[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const entry of entries) {
      const { envelope, extraFields } =
        'envelope' in entry ? entry : { envelope: entry, extraFields: undefined };
      pipeline.xadd(stream, '*', ...entryFields(envelope, extraFields));
    }
    const results = (await pipeline.exec()) ?? [];
    const entryIds = entries.map((_, i) => {
      const value = results[i]?.[1];
      return results[i]?.[0] ? null : typeof value === 'string' ? value : null;
    });
    if (entryIds.some((id) => id === null)) {
      const errors = entries.map((_, i) =>
        entryIds[i] !== null ? null : (results[i]?.[0] ?? new Error('no reply from the pipeline')),
      );
      throw new PublishBatchError(entryIds, errors);
    }
    this.trimWhenDue(stream);
    return entryIds as string[];
  }

  /**
   * Runs retention over `stream` now, pass after pass while it makes progress, and reports what it did.
   * Publishing calls this by itself every `trimIntervalMs`; operators and tests may call it directly.
   */
  async trim(stream: string): Promise<TrimResult> {
    let total: TrimResult = { trimmed: 0, cutoffId: '', more: false };
    for (let pass = 0; pass < MAX_TRIM_PASSES; pass += 1) {
      const result = await trimStream(this.redis, stream, this.retention);
      total = { ...result, trimmed: total.trimmed + result.trimmed };
      if (!result.more || result.trimmed === 0) break;
    }
    this.reportHeldBack(stream, total);
    return total;
  }

  /** Waits for background retention passes still running (for an orderly shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.trimming.values()]);
  }

  private trimWhenDue(stream: string): void {
    if (this.trimIntervalMs === 0 || (this.retention.maxLength === 0 && this.retention.maxAgeMs === 0))
      return;
    const now = Date.now();
    if (this.trimming.has(stream) || now - (this.lastTrim.get(stream) ?? 0) < this.trimIntervalMs) return;
    this.lastTrim.set(stream, now);
    const pass = this.trim(stream)
      .then(() => {
        if (this.trimFailing.delete(stream)) this.logger.log(`retention of ${stream} runs again`);
      })
      .catch((error: Error) => {
        // Once per run of failures: while Redis is down every publish fails loudly on its own.
        if (this.trimFailing.has(stream)) return;
        this.trimFailing.add(stream);
        this.logger.warn(`retention of ${stream} failed: ${error.message}; retrying on a later publish`);
      })
      .finally(() => this.trimming.delete(stream));
    this.trimming.set(stream, pass);
  }

  private reportHeldBack(stream: string, result: TrimResult): void {
    const previous = this.heldBackReported.get(stream);
    if (result.heldBackBy && result.heldBackBy !== previous) {
      this.logger.warn(
        `${stream} is over its retention limit but group "${result.heldBackBy}" still needs entries from ` +
          `${result.cutoffId} on; they are kept until it reads and acknowledges them (a group nobody reads ` +
          'any more holds the stream back forever: destroy it)',
      );
      this.heldBackReported.set(stream, result.heldBackBy);
    } else if (!result.heldBackBy && previous) {
      this.heldBackReported.delete(stream);
    }
  }
}
