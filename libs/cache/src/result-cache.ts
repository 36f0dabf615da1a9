import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, type LoggerService } from '@nestjs/common';
import { CircuitBreaker, type CircuitBreakerOptions, type RedisConnection } from '@tracera/redis';
import { CacheCodec, DEFAULT_COMPRESS_ABOVE_BYTES } from './cache-codec';
import { assertNamespace, ResultCacheKeys } from './result-cache-keys';
import { ResultCacheMetrics } from './result-cache-metrics';
import { GENERATION_TTL_MS, ResultCacheStore } from './result-cache-store';
import { SingleFlight } from './single-flight';

export interface ResultCacheOptions {
  /** The cache role's connection (RedisClients.cache); may be omitted only when the cache is disabled. */
  redis?: RedisConnection;
  /** REDIS_KEY_PREFIX. */
  keyPrefix: string;
  /** A generation of this cache's own (e.g. `analytics`); without it the user's generation is shared. */
  generationScope?: string;
  /** REDIS_CACHE_ENABLED; when false every call just computes and Redis is never touched. Default true. */
  enabled?: boolean;
  /** MessagePack values larger than this are compressed. Default 1 KiB. */
  compressAboveBytes?: number;
  /** How long a computing replica holds an entry's lock; a crashed holder blocks others no longer. Default 5 s. */
  lockTtlMs?: number;
  /** How long a miss waits for another replica's computation before computing itself. Default 3 s. */
  maxWaitMs?: number;
  breaker?: Pick<CircuitBreakerOptions, 'failureThreshold' | 'resetTimeoutMs' | 'callTimeoutMs'>;
  logger?: LoggerService;
}

/** A cache operation that failed or was refused by the open circuit; the caller computes without the cache. */
const UNAVAILABLE = Symbol('result cache unavailable');
type Unavailable = typeof UNAVAILABLE;

const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 50;

interface EntryContext {
  namespace: string;
  generation: string;
  ttlMs: number;
  keys: { generation: string; entry: string; lock: string };
}

/**
 * Per-user cached results (ARCHITECTURE §6) in the cache Redis. Entries are keyed by the user's generation,
 * so invalidating all of a user's results is one INCR. Misses are single-flight: within a process concurrent
 * callers share one computation, across replicas one caller takes a short lock and the others wait for its
 * value. A value is stored only if the generation did not move while it was computed. Every cache failure
 * falls through to `compute()` behind a circuit breaker; callers only ever see compute's own errors.
 *
 * Results should be plain data: a hit returns a MessagePack copy, and joined callers share one object.
 */
export class ResultCache {
  readonly enabled: boolean;
  private readonly keys: ResultCacheKeys;
  private readonly codec: CacheCodec;
  private readonly store?: ResultCacheStore;
  private readonly breaker: CircuitBreaker;
  private readonly flights = new SingleFlight();
  private readonly metrics = new ResultCacheMetrics();
  private readonly lockTtlMs: number;
  private readonly maxWaitMs: number;
  private readonly logger: LoggerService;

  constructor(options: ResultCacheOptions) {
    this.enabled = options.enabled ?? true;
    if (this.enabled && !options.redis) throw new Error('an enabled ResultCache needs a redis connection');
    this.keys = new ResultCacheKeys(options.keyPrefix, options.generationScope);
    this.codec = new CacheCodec(options.compressAboveBytes ?? DEFAULT_COMPRESS_ABOVE_BYTES);
    this.store = this.enabled && options.redis ? new ResultCacheStore(options.redis) : undefined;
    this.lockTtlMs = options.lockTtlMs ?? 5000;
    this.maxWaitMs = options.maxWaitMs ?? 3000;
    this.logger = options.logger ?? new Logger('ResultCache');
    this.breaker = new CircuitBreaker({
      name: 'result-cache',
      failureThreshold: 3,
      resetTimeoutMs: 5000,
      callTimeoutMs: 250,
      ...options.breaker,
      logger: this.logger,
    });
  }

  /** The cached result of `key` for this user, or `compute()`'s, which is then cached for `ttlMs`. */
  async getOrCompute<T>(
    userId: string,
    namespace: string,
    key: string,
    ttlMs: number,
    compute: () => Promise<T>,
  ): Promise<T> {
    const store = this.store;
    if (!store) return compute();
    if (!Number.isInteger(ttlMs) || ttlMs < 1 || ttlMs > GENERATION_TTL_MS) {
      throw new RangeError(`cache TTL must be a whole number of ms in 1..${GENERATION_TTL_MS}, got ${ttlMs}`);
    }
    assertNamespace(namespace);
    const generationKey = this.keys.generation(userId);
    const generation = await this.guarded(() => store.generation(generationKey));
    if (generation === UNAVAILABLE) return this.fallThrough(namespace, compute);
    const entry = this.keys.entry(userId, namespace, generation, key);
    const context: EntryContext = {
      namespace,
      generation,
      ttlMs,
      keys: { generation: generationKey, entry, lock: this.keys.lock(entry) },
    };
    // Keyed by generation: a call made after an invalidation never joins a computation begun before it.
    if (this.flights.isRunning(entry)) this.metrics.wait(namespace, 'local');
    return this.flights.run(entry, () => this.lookUp(store, context, compute));
  }

  /**
   * The cached result of `key` for this user, or undefined on a miss or any cache failure; never computes.
   * For an edge that answers hits itself and leaves misses (and their single flight) to the owning service.
   */
  async peek<T>(userId: string, namespace: string, key: string): Promise<T | undefined> {
    const store = this.store;
    if (!store) return undefined;
    assertNamespace(namespace);
    const generation = await this.guarded(() => store.generation(this.keys.generation(userId)));
    if (generation === UNAVAILABLE) return undefined;
    const entry = this.keys.entry(userId, namespace, generation, key);
    const stored = await this.guarded(() => store.read(entry));
    const cached = stored === UNAVAILABLE || !stored ? undefined : this.codec.decode(stored);
    if (!cached) return undefined;
    this.metrics.hit(namespace);
    return cached.value as T;
  }

  /** Makes every cached result of the user unreachable in O(1); their entries age out with their TTL. */
  async invalidateUser(userId: string): Promise<void> {
    const store = this.store;
    if (!store) return;
    const generationKey = this.keys.generation(userId);
    await this.guarded(() => store.invalidate(generationKey));
  }

  /** {@link invalidateUser} for several users in one round trip (a batch of events touching many people). */
  async invalidateUsers(userIds: Iterable<string>): Promise<void> {
    const store = this.store;
    if (!store) return;
    const keys = [...new Set(userIds)].map((userId) => this.keys.generation(userId));
    await this.guarded(() => store.invalidateMany(keys));
  }

  private async lookUp<T>(
    store: ResultCacheStore,
    context: EntryContext,
    compute: () => Promise<T>,
  ): Promise<T> {
    const { namespace, keys } = context;
    const stored = await this.guarded(() => store.read(keys.entry));
    if (stored === UNAVAILABLE) return this.fallThrough(namespace, compute);
    const cached = stored && this.codec.decode(stored);
    if (cached) {
      this.metrics.hit(namespace);
      return cached.value as T;
    }
    this.metrics.miss(namespace);
    return this.computeOnce(store, context, compute);
  }

  /**
   * Takes the entry's lock and computes, or waits for the replica holding it. Waiting polls with a short
   * backoff rather than subscribing: pub/sub would need a subscriber connection per process and a listener
   * per key, and a lost notification would still need a timeout; polling costs a few MGETs per waiting
   * process (in-process callers already share one wait) and works unchanged on Sentinel and Cluster.
   */
  private async computeOnce<T>(
    store: ResultCacheStore,
    context: EntryContext,
    compute: () => Promise<T>,
  ): Promise<T> {
    const { namespace, keys } = context;
    const token = randomBytes(16).toString('base64url');
    const deadline = Date.now() + this.maxWaitMs;
    let pollMs = FIRST_POLL_MS;
    let waited = false;
    for (;;) {
      const locked = await this.guarded(() => store.tryLock(keys.lock, token, this.lockTtlMs));
      if (locked === UNAVAILABLE) return this.fallThrough(namespace, compute);
      if (locked) return this.computeAndStore(store, context, compute, token);
      if (!waited) this.metrics.wait(namespace, 'remote');
      waited = true;
      // Wait while the holder computes; a lock gone without a value (holder failed, or its value was stale)
      // sends us back to take the lock ourselves.
      for (;;) {
        if (Date.now() >= deadline) return this.computeAndStore(store, context, compute, '');
        await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())) * (0.75 + Math.random() / 2));
        pollMs = Math.min(pollMs * 2, MAX_POLL_MS);
        const peeked = await this.guarded(() => store.peek(keys.entry, keys.lock));
        if (peeked === UNAVAILABLE) return this.fallThrough(namespace, compute);
        const cached = peeked.entry && this.codec.decode(peeked.entry);
        if (cached) return cached.value as T;
        if (!peeked.locked) break;
      }
    }
  }

  /** Computes, then stores the value if its generation is still current, releasing the lock if `token` holds it. */
  private async computeAndStore<T>(
    store: ResultCacheStore,
    context: EntryContext,
    compute: () => Promise<T>,
    token: string,
  ): Promise<T> {
    let value: T;
    try {
      value = await compute();
    } catch (error) {
      // Let waiting replicas take over at once instead of sitting out the lock's TTL.
      if (token) await this.guarded(() => store.releaseLock(context.keys.lock, token));
      throw error;
    }
    const encoded = this.encode(value, context.namespace);
    if (encoded) {
      await this.guarded(() =>
        store.storeIfCurrent(context.keys, context.generation, encoded, context.ttlMs, token),
      );
    } else if (token) {
      await this.guarded(() => store.releaseLock(context.keys.lock, token));
    }
    return value;
  }

  private encode(value: unknown, namespace: string): Buffer | undefined {
    try {
      return this.codec.encode(value);
    } catch (error) {
      // A value MessagePack cannot represent is a bug in the caller, but it still gets its result.
      this.logger.warn(`cannot cache a ${namespace} result: ${(error as Error).message}`);
      return undefined;
    }
  }

  private fallThrough<T>(namespace: string, compute: () => Promise<T>): Promise<T> {
    this.metrics.fallthrough(namespace);
    return compute();
  }

  private guarded<T>(work: () => Promise<T>): Promise<T | Unavailable> {
    return this.breaker.execute<T | Unavailable>(work, () => UNAVAILABLE);
  }
}
