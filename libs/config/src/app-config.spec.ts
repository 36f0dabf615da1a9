import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from './app-config';
import { environmentSchema } from './config.schema';

const identity = { service: 'auth', defaultPort: 8081 };
/** Where `.env.example` turns from the services' variables to those only Docker Compose reads. */
const COMPOSE_SECTION_MARKER = '# === Docker Compose only';

function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(identity, env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('starts from documented defaults when nothing is set', () => {
    const config = loadConfig(identity, {});
    expect(config.http.port).toBe(8081);
    expect(config.redis.core).toMatchObject({
      topology: 'standalone',
      host: '127.0.0.1',
      port: 6379,
      db: 0,
      tls: { enabled: false },
    });
    expect(config.redis.cache).toMatchObject({ role: 'cache', host: '127.0.0.1', port: 6379 });
    expect(config.redis.keyPrefix).toBe('tr:');
    expect(config.redis.core.dialTimeoutMs).toBe(5000);
    expect(config.database.url).toBe('postgres://tracera@127.0.0.1:5432/tracera');
    expect(config.log.format).toBe('pretty');
    expect(config.redis.features).toEqual({ sessions: true, cache: true, rateLimit: true, pubsub: true });
  });

  it('reads redis URLs with credentials, database and TLS', () => {
    const config = loadConfig(identity, {
      REDIS_ADDR: 'rediss://svc:s%40cret@redis.internal:6380/2',
      NODE_ENV: 'production',
    });
    expect(config.redis.core).toMatchObject({
      host: 'redis.internal',
      port: 6380,
      username: 'svc',
      password: 's@cret',
      db: 2,
      tls: { enabled: true },
    });
    expect(config.log.format).toBe('json');
  });

  it('gives the cache role its own address when CACHE_REDIS_ADDR is set', () => {
    const config = loadConfig(identity, {
      REDIS_ADDR: 'core:6379',
      CACHE_REDIS_ADDR: 'cache:6379',
      REDIS_PASSWORD: 'p',
    });
    expect(config.redis.core.host).toBe('core');
    expect(config.redis.cache).toMatchObject({
      host: 'cache',
      port: 6379,
      topology: 'standalone',
      password: 'p',
    });
  });

  it('reads Sentinel and Cluster topologies', () => {
    const sentinel = loadConfig(identity, {
      REDIS_SENTINELS: 's1:26379, s2',
      REDIS_SENTINEL_MASTER: 'mymaster',
    });
    expect(sentinel.redis.core.topology).toBe('sentinel');
    expect(sentinel.redis.core.sentinels).toEqual([
      { host: 's1', port: 26379 },
      { host: 's2', port: 26379 },
    ]);
    const cluster = loadConfig(identity, { REDIS_CLUSTER_NODES: 'n1:7000,n2:7001' });
    expect(cluster.redis.core.topology).toBe('cluster');
    expect(cluster.redis.core.clusterNodes).toHaveLength(2);
  });

  it('converts durations', () => {
    const config = loadConfig(identity, {
      REDIS_READ_TIMEOUT: '250ms',
      SHUTDOWN_TIMEOUT: '2m',
      HEALTH_CHECK_TIMEOUT: '1500',
    });
    expect(config.redis.core.readTimeoutMs).toBe(250);
    expect(config.shutdownTimeoutMs).toBe(120_000);
    expect(config.healthCheckTimeoutMs).toBe(1500);
  });

  it('names every bad variable at once, with the reason', () => {
    const problems = problemsOf({
      REDIS_ADDR: '',
      DATABASE_URL: 'nonsense',
      REDIS_DB: '99',
      REDIS_TLS: 'maybe',
      PORT: 'eighty',
      SHUTDOWN_TIMEOUT: 'soon',
      LOG_LEVEL: 'loud',
    });
    const variables = problems.map((p) => p.variable).sort();
    expect(variables).toEqual([
      'DATABASE_URL',
      'LOG_LEVEL',
      'PORT',
      'REDIS_ADDR',
      'REDIS_DB',
      'REDIS_TLS',
      'SHUTDOWN_TIMEOUT',
    ]);
    expect(problems.find((p) => p.variable === 'REDIS_ADDR')?.message).toMatch(/empty/);
    expect(problems.find((p) => p.variable === 'DATABASE_URL')?.message).toMatch(/postgres:\/\//);
    expect(problems.find((p) => p.variable === 'REDIS_DB')?.message).toMatch(/0 to 15/);
  });

  it('requires the master name with sentinels and refuses Sentinel plus Cluster', () => {
    expect(problemsOf({ REDIS_SENTINELS: 's1:26379' }).map((p) => p.variable)).toEqual([
      'REDIS_SENTINEL_MASTER',
    ]);
    const both = problemsOf({ REDIS_SENTINELS: 's1', REDIS_SENTINEL_MASTER: 'm', REDIS_CLUSTER_NODES: 'n1' });
    expect(both.map((p) => p.variable)).toEqual(['REDIS_CLUSTER_NODES']);
  });

  it('rejects malformed addresses and lists', () => {
    const [scheme] = problemsOf({ REDIS_ADDR: 'http://x:1' });
    expect(scheme.variable).toBe('REDIS_ADDR');
    expect(scheme.message).toMatch(/scheme/);
    expect(problemsOf({ REDIS_CLUSTER_NODES: 'a:1,,b:2' })[0].variable).toBe('REDIS_CLUSTER_NODES');
    expect(problemsOf({ REDIS_PASSWORD: '' })[0].variable).toBe('REDIS_PASSWORD');
  });

  it('reads the public HTTP settings, closed by default', () => {
    expect(loadConfig(identity, {}).http).toEqual({
      port: 8081,
      corsOrigins: [],
      bodyLimitBytes: 1024 * 1024,
      trustedProxies: [],
    });
    const config = loadConfig(identity, {
      CORS_ORIGINS: 'https://app.example.com, http://localhost:3000',
      HTTP_BODY_LIMIT: '512kb',
      TRUSTED_PROXIES: '10.0.0.0/8, loopback, 2001:db8::1',
    });
    expect(config.http.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:3000']);
    expect(config.http.bodyLimitBytes).toBe(512 * 1024);
    expect(config.http.trustedProxies).toEqual(['10.0.0.0/8', 'loopback', '2001:db8::1']);
    expect(loadConfig(identity, { HTTP_BODY_LIMIT: '2048' }).http.bodyLimitBytes).toBe(2048);
  });

  it('rejects origins with paths, unknown proxy entries and unreadable sizes', () => {
    const problems = problemsOf({
      CORS_ORIGINS: 'https://app.example.com/path',
      TRUSTED_PROXIES: '10.0.0.0/33,proxy.internal',
      HTTP_BODY_LIMIT: 'huge',
    });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'CORS_ORIGINS',
      'HTTP_BODY_LIMIT',
      'TRUSTED_PROXIES',
    ]);
    expect(problems.find((p) => p.variable === 'TRUSTED_PROXIES')?.message).toMatch(
      /"10\.0\.0\.0\/33", "proxy\.internal"/,
    );
  });

  it('reads session, password-hashing and rate-limit settings with safe defaults', () => {
    const defaults = loadConfig(identity, {});
    expect(defaults.auth).toEqual({
      sessionIdleMs: 24 * 3_600_000,
      sessionMaxAgeMs: 30 * 86_400_000,
      cookieSecure: true,
      signupsDisabled: false,
      argon2: { memoryKib: 19456, timeCost: 2, parallelism: 1 },
    });
    expect(defaults.rateLimits).toEqual({
      api: { limit: 100, windowMs: 60_000 },
      search: { limit: 100, windowMs: 60_000 },
      ai: { limit: 20, windowMs: 60_000 },
      upload: { limit: 10, windowMs: 600_000 },
      login: { limit: 5, windowMs: 300_000 },
    });
    const custom = loadConfig(identity, {
      AUTH_SESSION_IDLE_TIMEOUT: '2h',
      AUTH_SESSION_MAX_AGE: '7d',
      AUTH_COOKIE_SECURE: 'false',
      DISABLE_SIGNUPS: 'true',
      RATE_LIMIT_API: '300 / 30s',
    });
    expect(custom.auth).toMatchObject({
      sessionIdleMs: 7_200_000,
      sessionMaxAgeMs: 7 * 86_400_000,
      cookieSecure: false,
      signupsDisabled: true,
    });
    expect(custom.rateLimits.api).toEqual({ limit: 300, windowMs: 30_000 });
  });

  it('refuses weaker password hashing, unreadable rates and an idle timeout beyond the session cap', () => {
    expect(
      problemsOf({
        ARGON2_MEMORY_KIB: '4096',
        RATE_LIMIT_LOGIN: 'five per minute',
        AUTH_SESSION_IDLE_TIMEOUT: '31d',
      }).map((p) => p.variable),
    ).toEqual(expect.arrayContaining(['ARGON2_MEMORY_KIB', 'RATE_LIMIT_LOGIN']));
    expect(problemsOf({ AUTH_SESSION_IDLE_TIMEOUT: '31d' })).toEqual([
      { variable: 'AUTH_SESSION_IDLE_TIMEOUT', message: 'cannot be longer than AUTH_SESSION_MAX_AGE' },
    ]);
  });

  it('reads the chat settings, and refuses presence and lease periods under a second', () => {
    expect(
      loadConfig(identity, {
        SOCKET_SEND_RATE: '5/1s',
        SOCKET_REDIS_ADAPTER: 'sharded',
        PRESENCE_TTL: '30s',
        LIVE_EVENTS_LEASE: '2s',
      }).realtime,
    ).toEqual({
      socketSendLimit: { limit: 5, windowMs: 1000 },
      redisAdapter: 'sharded',
      presenceTtlMs: 30_000,
      liveEventsLeaseMs: 2000,
    });
    expect(
      problemsOf({ PRESENCE_TTL: '500ms', LIVE_EVENTS_LEASE: '2ms', SOCKET_REDIS_ADAPTER: 'x' }),
    ).toEqual(
      expect.arrayContaining([
        { variable: 'PRESENCE_TTL', message: 'must be at least 1s' },
        { variable: 'LIVE_EVENTS_LEASE', message: 'must be at least 1s' },
        expect.objectContaining({ variable: 'SOCKET_REDIS_ADAPTER' }),
      ]),
    );
  });

  it('reads the analytics settings, and keeps at least 400 days of raw activity', () => {
    expect(
      loadConfig(identity, {
        ANALYTICS_RETENTION_DAYS: '400',
        ANALYTICS_CACHE_TTL: '10m',
        TRENDING_MIN_PEOPLE: '1',
      }).analytics,
    ).toEqual({ retentionDays: 400, cacheTtlMs: 600_000, trendingMinPeople: 1 });
    expect(loadConfig(identity, {}).analytics).toEqual({
      retentionDays: 730,
      cacheTtlMs: 3_600_000,
      trendingMinPeople: 2,
    });
    expect(
      problemsOf({
        ANALYTICS_RETENTION_DAYS: '30',
        ANALYTICS_CACHE_TTL: '10ms',
        TRENDING_MIN_PEOPLE: '0',
      }).map((p) => p.variable),
    ).toEqual(
      expect.arrayContaining(['ANALYTICS_RETENTION_DAYS', 'ANALYTICS_CACHE_TTL', 'TRENDING_MIN_PEOPLE']),
    );
  });

  it('is documented variable for variable in .env.example', () => {
    const example = readFileSync(join(__dirname, '../../../.env.example'), 'utf8');
    // The Docker Compose section at the end lists what only compose reads (secrets, image versions).
    const serviceSection = example.split(COMPOSE_SECTION_MARKER)[0];
    const documented = [...serviceSection.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(environmentSchema.shape).sort());
  });
});
