/** The dead-letter stream of `stream`: same hash tag, so a script may touch both on Redis Cluster. */
export function deadLetterStreamOf(stream: string): string {
  return `${stream}:dead`;
}

/**
 * The lease that lets one consumer of `group` at a time read `stream` (exclusive consumption): beside the
 * stream, so it carries the configured prefix and the stream's hash tag.
 */
export function consumerLeaseKeyOf(stream: string, group: string): string {
  return `${stream}:lease:${group}`;
}

/**
 * Stream keys. Each stream carries its own hash tag, and its dead-letter stream shares it, so the
 * "dead-letter and ack" script touches one slot and everything runs unchanged on Redis Cluster.
 */
export class StreamNames {
  constructor(private readonly prefix: string) {}

  /** The domain events `service` produces. */
  events(service: string): string {
    return `${this.prefix}{ev:${service}}`;
  }

  /** The RPC requests `service` serves. */
  requests(service: string): string {
    return `${this.prefix}{rpc:${service}}`;
  }

  /** Where entries of `stream` that keep failing (or fail their schema) go, with their error. */
  deadLetters(stream: string): string {
    return deadLetterStreamOf(stream);
  }

  /** The replies to one process's RPC calls; read only by that process. */
  inbox(instanceId: string): string {
    return `${this.prefix}{inbox:${instanceId}}`;
  }
}
