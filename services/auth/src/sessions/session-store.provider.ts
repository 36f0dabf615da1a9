import { type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { RedisSessionStore, SESSION_STORE, type SessionPolicy, type SessionStore } from '@tracera/sessions';
import { PostgresSessionStore } from '../repositories/postgres-session.store';

export const SESSION_POLICY = Symbol('SESSION_POLICY');

export const sessionPolicyProvider: Provider = {
  provide: SESSION_POLICY,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): SessionPolicy => ({
    idleMs: config.auth.sessionIdleMs,
    maxAgeMs: config.auth.sessionMaxAgeMs,
  }),
};

/** Redis (REDIS_SESSIONS_ENABLED, the default) or Postgres; callers only see the {@link SessionStore} interface. */
export const sessionStoreProvider: Provider = {
  provide: SESSION_STORE,
  inject: [APP_CONFIG, RedisSessionStore, PostgresSessionStore],
  useFactory: (config: AppConfig, redis: RedisSessionStore, postgres: PostgresSessionStore): SessionStore =>
    config.redis.features.sessions ? redis : postgres,
};
