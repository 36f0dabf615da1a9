import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { authRpc, type Principal } from '@tracera/contracts';
import { RateLimiter, type RateLimitDecision } from '@tracera/rate-limit';
import { bearerKind, RedisSessionStore } from '@tracera/sessions';
import { RedisStreamsClient, RpcError } from '@tracera/streams';
import { SessionsUnavailableError } from './sessions-unavailable.error';

/** Who a credential belongs to, and the general-API decision when the lookup made it in the same round trip. */
export interface Authentication {
  principal: Principal;
  apiDecision?: RateLimitDecision;
}

/**
 * Turns a presented credential into a principal, by its shape: a session token is checked in Redis (one
 * script: lookup, touch and the general-API count) or, with REDIS_SESSIONS_ENABLED=false, by the auth
 * service; a personal API token always by the auth service. Null means unknown, expired or revoked.
 */
@Injectable()
export class Authenticator {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rpc: RedisStreamsClient,
    private readonly limiter: RateLimiter,
    @Optional() private readonly sessions?: RedisSessionStore,
  ) {}

  async authenticate(credential: string): Promise<Authentication | null> {
    switch (bearerKind(credential)) {
      case 'session':
        return this.config.redis.features.sessions
          ? this.fromRedisSession(credential)
          : this.fromRpc(() => this.rpc.call(authRpc.authenticateSession, { token: credential }));
      case 'api-token':
        return this.fromRpc(() => this.rpc.call(authRpc.authenticateToken, { secret: credential }));
      default:
        return null;
    }
  }

  private async fromRedisSession(token: string): Promise<Authentication | null> {
    const sessions = this.sessions;
    if (!sessions) throw new Error('REDIS_SESSIONS_ENABLED is true but no RedisSessionStore is provided');
    // With REDIS_RATELIMIT_ENABLED=false the general limit is counted in memory by design, not in the script.
    const countsInRedis = this.limiter.source === 'redis';
    try {
      if (!countsInRedis) {
        const session = await sessions.authenticate(token);
        return session ? { principal: principalOf(session) } : null;
      }
      const { session, limit } = await sessions.authenticateAndLimit(
        token,
        this.limiter.policies.requests.api,
      );
      if (!session) return null;
      return {
        principal: principalOf(session),
        ...(limit ? { apiDecision: this.limiter.record('api', limit) } : {}),
      };
    } catch (error) {
      throw new SessionsUnavailableError(error);
    }
  }

  private async fromRpc(call: () => Promise<{ principal: Principal }>): Promise<Authentication | null> {
    try {
      return { principal: (await call()).principal };
    } catch (error) {
      if (error instanceof RpcError && error.code === 'UNAUTHENTICATED') return null;
      throw error;
    }
  }
}

function principalOf(session: { id: string; userId: string; role: Principal['role'] }): Principal {
  return { userId: session.userId, role: session.role, sessionId: session.id };
}
