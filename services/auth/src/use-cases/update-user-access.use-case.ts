import { Inject, Injectable } from '@nestjs/common';
import { authEvent, type authRpc, type Role, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { SESSION_STORE, type SessionStore, UserProfileCache } from '@tracera/sessions';
import { Outbox, RpcError } from '@tracera/streams';
import { AdminCheck } from '../accounts/admin-check';
import { type UserEntity } from '../entities/user.entity';
import { ApiTokenRepository } from '../repositories/api-token.repository';
import { UserRepository } from '../repositories/user.repository';
import { SessionLifecycle } from '../sessions/session-lifecycle.service';
import { toAdminUserView, toUserView, userUpdatedData } from '../views/user-views';

/**
 * An admin changes a user's role or disables / re-enables them. Disabling revokes the user's API tokens
 * (same transaction) and sessions (right after); the last enabled admin can be neither demoted nor disabled.
 */
@Injectable()
export class UpdateUserAccessUseCase {
  constructor(
    private readonly admins: AdminCheck,
    private readonly users: UserRepository,
    private readonly tokens: ApiTokenRepository,
    private readonly outbox: Outbox,
    private readonly sessions: SessionLifecycle,
    @Inject(SESSION_STORE) private readonly store: SessionStore,
    private readonly profiles: UserProfileCache,
  ) {}

  async execute(
    request: RpcRequest<typeof authRpc.adminUpdateUser>,
  ): Promise<RpcResponse<typeof authRpc.adminUpdateUser>> {
    await this.admins.assertAdmin(request.actorId);
    const user = await this.outbox.transaction(async (manager, emit): Promise<UserEntity> => {
      // Admins first, then the target: one lock order for every writer, and no two last-admin demotions at once.
      const activeAdminIds = await this.users.lockActiveAdminIds(manager);
      const target = await this.users.findByIdForUpdate(manager, request.userId);
      if (target === null) throw new RpcError('NOT_FOUND', 'no such user');

      const role: Role = request.role ?? target.role;
      const disabled = request.disabled ?? target.disabledAt !== null;
      const changed = [
        ...(role !== target.role ? ['role'] : []),
        ...(disabled !== (target.disabledAt !== null) ? ['disabled'] : []),
      ];
      if (changed.length === 0) return target;

      const staysActiveAdmin = role === 'admin' && !disabled;
      if (activeAdminIds.includes(target.id) && !staysActiveAdmin && activeAdminIds.length === 1) {
        const field = request.role !== undefined && role !== 'admin' ? 'role' : 'disabled';
        throw new RpcError('CONFLICT', 'the last active admin cannot be demoted or disabled', {
          errors: [{ field, message: 'would leave no active admin' }],
        });
      }
      const disabledAt = disabled ? (target.disabledAt ?? new Date()) : null;
      await this.users.updateAccess(manager, target.id, { role, disabledAt });
      const updated: UserEntity = { ...target, role, disabledAt };
      if (changed.includes('disabled') && disabled) {
        await this.tokens.revokeAllOfUser(manager, target.id);
        emit(
          authEvent.userDisabled,
          { userId: target.id, disabledBy: request.actorId },
          { actor: request.actorId },
        );
      }
      emit(authEvent.userUpdated, userUpdatedData(updated, changed), { actor: request.actorId });
      return updated;
    });

    // Sessions live outside the transaction (Redis). Both steps are idempotent and run even when nothing
    // changed, so an admin retrying after a failure here completes what the first attempt left undone.
    if (user.disabledAt !== null) {
      await this.sessions.revokeAll(user.id, 'user_disabled', request.actorId);
    } else if (request.role !== undefined) {
      await this.store.setRole(user.id, user.role);
    }
    await this.profiles.put(toUserView(user));
    return { user: toAdminUserView(user) };
  }
}
