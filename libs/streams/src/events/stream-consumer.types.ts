import { type Envelope } from '@tracera/contracts';

/** One entry read from a stream, parsed. */
export interface StreamMessage {
  stream: string;
  /** The Redis entry id (`1700000000000-0`). */
  entryId: string;
  envelope: Envelope;
  /** Every field of the entry, including transport fields beyond the envelope (e.g. `replyTo`). */
  fields: Record<string, string>;
  /** How many times this entry has been delivered to the group, this delivery included. */
  deliveries: number;
}

/**
 * Resolves once the message's effect is durable (then it is acknowledged). Throwing leaves it pending for
 * another try; throwing {@link NonRetryableError} dead-letters it at once.
 */
export type StreamMessageHandler = (message: StreamMessage) => Promise<void>;

/** A failure another delivery cannot fix (bad schema, unknown pattern): dead-letter now, don't retry. */
export class NonRetryableError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'NonRetryableError';
  }
}

export interface StreamConsumerOptions {
  stream: string;
  /** The consuming service's name: replicas of one service share the group's work. */
  group: string;
  /** Unique per process (service, host, pid, random). */
  consumer: string;
  handler: StreamMessageHandler;
  /** Where a new group starts reading: `$` (only new entries, the default) or `0` (the whole stream). */
  startFrom?: '$' | '0';
  /** Most messages handled at once; reading pauses while this many are in flight (back-pressure). */
  concurrency?: number;
  /** COUNT of one XREADGROUP. */
  batchSize?: number;
  /** BLOCK of one XREADGROUP, ms (finite, so a hung read is noticed by the watchdog). */
  blockMs?: number;
  /** After this many failed deliveries an entry goes to the dead-letter stream. */
  maxDeliveries?: number;
  /**
   * Pending entries idle longer than this are claimed from (crashed) consumers, ms. Keep it above the longest
   * a handler runs: a slower handler's entry is claimed and handled a second time by another replica.
   */
  reclaimIdleMs?: number;
  reclaimIntervalMs?: number;
  /** Wait before the first retry of a failed entry, ms; doubles with every further delivery. */
  retryBackoffMs?: number;
  /** Ceiling of the retry wait, ms. */
  maxRetryBackoffMs?: number;
  /** A blocking read silent for blockMs plus this long is taken for a dead connection and reopened, ms. */
  watchdogMarginMs?: number;
  /** Where failed entries go; by default `<stream>:dead`, which shares the stream's hash tag (it must). */
  deadLetterStream?: string;
  /** Record lag, pending and dead-letter gauges and handler metrics in prom-client's default registry. */
  metrics?: boolean;
}
