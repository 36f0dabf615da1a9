import { Injectable } from '@nestjs/common';
import { authRpc, type Principal } from '@tracera/contracts';
import { UserProfileCache } from '@tracera/sessions';
import { RedisStreamsClient } from '@tracera/streams';
import {
  type AdminCreateUserDto,
  type AdminUpdateUserDto,
  type ChangePasswordDto,
  type CreateTokenDto,
  type UpdateMeDto,
  type UserPageQueryDto,
} from './account.dtos';

/** The signed-in user's account, sessions and tokens, the people directory and user administration. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly rpc: RedisStreamsClient,
    private readonly profiles: UserProfileCache,
  ) {}

  /** From the profile cache when it has the user (the auth service keeps it current), else from auth. */
  async me(userId: string) {
    const cached = await this.profiles.get(userId);
    if (cached) return { user: cached };
    return this.rpc.call(authRpc.getMe, { userId }, { actor: userId });
  }

  updateMe(userId: string, changes: UpdateMeDto) {
    return this.rpc.call(authRpc.updateMe, { ...changes, userId }, { actor: userId });
  }

  /** Keeps the session that changed the password; the auth service revokes every other one. */
  async changePassword(principal: Principal, change: ChangePasswordDto): Promise<void> {
    await this.rpc.call(
      authRpc.changePassword,
      { ...change, userId: principal.userId, sessionId: principal.sessionId ?? '' },
      { actor: principal.userId },
    );
  }

  listSessions(principal: Principal) {
    return this.rpc.call(
      authRpc.listSessions,
      { userId: principal.userId, currentSessionId: principal.sessionId },
      { actor: principal.userId },
    );
  }

  async revokeSession(userId: string, sessionId: string): Promise<void> {
    await this.rpc.call(authRpc.revokeSession, { userId, sessionId, reason: 'revoked' }, { actor: userId });
  }

  async revokeAllSessions(userId: string): Promise<void> {
    await this.rpc.call(authRpc.revokeAllSessions, { userId }, { actor: userId });
  }

  createToken(userId: string, token: CreateTokenDto) {
    return this.rpc.call(authRpc.createToken, { ...token, userId }, { actor: userId });
  }

  listTokens(userId: string) {
    return this.rpc.call(authRpc.listTokens, { userId }, { actor: userId });
  }

  async revokeToken(userId: string, tokenId: string): Promise<void> {
    await this.rpc.call(authRpc.revokeToken, { userId, tokenId }, { actor: userId });
  }

  directory(userId: string, page: UserPageQueryDto) {
    return this.rpc.call(authRpc.directory, { ...page, userId }, { actor: userId });
  }

  listUsers(actorId: string, page: UserPageQueryDto) {
    return this.rpc.call(authRpc.adminListUsers, { ...page, actorId }, { actor: actorId });
  }

  createUser(actorId: string, user: AdminCreateUserDto) {
    return this.rpc.call(authRpc.adminCreateUser, { ...user, actorId }, { actor: actorId });
  }

  updateUser(actorId: string, userId: string, changes: AdminUpdateUserDto) {
    return this.rpc.call(authRpc.adminUpdateUser, { ...changes, actorId, userId }, { actor: actorId });
  }
}
