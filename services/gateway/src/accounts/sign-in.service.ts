import { Injectable } from '@nestjs/common';
import { authRpc, type Principal, type UserView } from '@tracera/contracts';
import { RateLimiter } from '@tracera/rate-limit';
import { RedisStreamsClient, RpcError } from '@tracera/streams';
import { RateLimitedException } from '../rate-limit/rate-limited.exception';
import { type LoginDto, type RegisterDto } from './account.dtos';
import { type SignInClient } from './sign-in-client.decorator';

export interface SignedIn {
  user: UserView;
  token: string;
  expiresAt: string;
}

/** Registration, sign-in (throttled per account name and per client IP, ARCHITECTURE §5) and sign-out. */
@Injectable()
export class SignInService {
  constructor(
    private readonly rpc: RedisStreamsClient,
    private readonly limiter: RateLimiter,
  ) {}

  /** Public: says whether the sign-up form (or, on first run, the administrator set-up) should be offered. */
  registrationStatus() {
    return this.rpc.call(authRpc.registrationStatus, {});
  }

  async register(body: RegisterDto, client: SignInClient): Promise<SignedIn> {
    const { user, session } = await this.rpc.call(authRpc.register, { ...body, ...client });
    return { user, token: session.token, expiresAt: session.expiresAt };
  }

  /** A blocked account or IP is refused before the password is checked, so a right guess teaches nothing. */
  async login(body: LoginDto, client: SignInClient): Promise<SignedIn> {
    const blocked = await this.limiter.checkLogin(body.login, client.ip);
    if (!blocked.allowed) throw new RateLimitedException(blocked);
    try {
      const { user, session } = await this.rpc.call(authRpc.login, { ...body, ...client });
      await this.limiter.recordLoginSuccess(body.login, client.ip);
      return { user, token: session.token, expiresAt: session.expiresAt };
    } catch (error) {
      if (error instanceof RpcError && error.code === 'UNAUTHENTICATED') {
        await this.limiter.recordLoginFailure(body.login, client.ip);
      }
      throw error;
    }
  }

  /** Ends the caller's session if it has one; signing out twice (or without a session) is not an error. */
  async logout(principal: Principal | undefined): Promise<void> {
    if (principal?.sessionId === undefined) return;
    try {
      await this.rpc.call(
        authRpc.revokeSession,
        { userId: principal.userId, sessionId: principal.sessionId, reason: 'logout' },
        { actor: principal.userId },
      );
    } catch (error) {
      if (!(error instanceof RpcError && error.code === 'NOT_FOUND')) throw error;
    }
  }
}
