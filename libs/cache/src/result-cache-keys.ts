import { createHash } from 'node:crypto';
import { RedisKeys } from '@tracera/redis';

// A namespace names a kind of result (`search`, `dashboard`); a colon in it would blur the key layout.
const NAMESPACE = /^[A-Za-z0-9_.-]{1,64}$/;

/** Throws on a namespace that cannot be part of a key: a programming error, not a cache failure. */
export function assertNamespace(namespace: string): void {
  if (!NAMESPACE.test(namespace)) {
    throw new RangeError(`cache namespace "${namespace}" must be 1–64 letters, digits, '_', '.' or '-'`);
  }
}

/**
 * Key layout of the result cache; every key of one user shares the `{c:u:<userId>}` hash tag, so the scripts
 * that touch a user's generation, entry and lock together stay in one Cluster slot:
 * - `<prefix>{c:u:<userId>}:gen` (or `…:gen:<scope>`): the user's generation, bumped to invalidate all their entries
 *   (of that scope);
 * - `<prefix>{c:u:<userId>}:<namespace>:<generation>:<sha256(key) base64url>`: one cached result;
 * - the entry key + `:lock`: the single-flight lock of that entry.
 */
export class ResultCacheKeys {
  private readonly keys: RedisKeys;

  /** `scope` gives a service's results a generation of their own, so its invalidations leave others' entries be. */
  constructor(
    prefix: string,
    private readonly scope?: string,
  ) {
    if (scope !== undefined) assertNamespace(scope);
    this.keys = new RedisKeys(prefix);
  }

  generation(userId: string): string {
    return this.scope === undefined
      ? this.keys.tagged('c', `u:${userId}`, 'gen')
      : this.keys.tagged('c', `u:${userId}`, 'gen', this.scope);
  }

  entry(userId: string, namespace: string, generation: string, key: string): string {
    assertNamespace(namespace);
    // Hashed: queries are long and arbitrary; the hash is short, fixed-size and safe in a key.
    const digest = createHash('sha256').update(key).digest('base64url');
    return this.keys.tagged('c', `u:${userId}`, namespace, generation, digest);
  }

  lock(entryKey: string): string {
    return `${entryKey}:lock`;
  }
}
