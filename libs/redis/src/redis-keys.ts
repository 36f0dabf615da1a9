/** A key part that would make a key ambiguous or move it to another Cluster slot. */
export class InvalidRedisKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRedisKeyError';
  }
}

export type RedisKeyPart = string | number;

// Whitespace and control characters break CLI inspection and log lines; braces would open or close a hash tag.
const FORBIDDEN = /[{}\s\p{Cc}]/u;

function part(value: RedisKeyPart, what: string): string {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new InvalidRedisKeyError(`${what} is ${value}`);
  const text = String(value);
  if (text === '') throw new InvalidRedisKeyError(`${what} is empty`);
  if (FORBIDDEN.test(text)) {
    throw new InvalidRedisKeyError(`${what} "${text}" contains a brace, whitespace or control character`);
  }
  return text;
}

function resource(value: string): string {
  const text = part(value, 'resource');
  // The resource is the key's namespace; a colon in it would blur where the id starts.
  if (text.includes(':')) throw new InvalidRedisKeyError(`resource "${text}" contains ":"`);
  return text;
}

/**
 * Builds keys as `<prefix><resource>:<id>:<attribute>` (design §3). Keys used together in one command,
 * transaction or script use {@link RedisKeys.tagged}, which puts `resource:id` in a hash tag so they land in
 * one Cluster slot. Keys are written out in full rather than through ioredis' `keyPrefix`, which does not
 * apply to every command (SCAN patterns, some script arguments) and hides the real name from operators.
 */
export class RedisKeys {
  constructor(readonly prefix: string = 'tr:') {
    if (/[{}\s]/.test(prefix)) {
      throw new InvalidRedisKeyError(
        `key prefix "${prefix}" (REDIS_KEY_PREFIX) contains a brace or whitespace`,
      );
    }
  }

  /** `tr:bookmark:42:tags`; attributes are optional (`tr:session:abc`). */
  key(resourceName: string, id: RedisKeyPart, ...attributes: RedisKeyPart[]): string {
    return [
      `${this.prefix}${resource(resourceName)}`,
      part(id, 'id'),
      ...attributes.map((a, i) => part(a, `attribute ${i + 1}`)),
    ].join(':');
  }

  /** `tr:{u:42}:sessions`: every key tagged with the same resource and id hashes to the same slot. */
  tagged(resourceName: string, id: RedisKeyPart, ...attributes: RedisKeyPart[]): string {
    return [
      `${this.prefix}{${resource(resourceName)}:${part(id, 'id')}}`,
      ...attributes.map((a, i) => part(a, `attribute ${i + 1}`)),
    ].join(':');
  }
}
