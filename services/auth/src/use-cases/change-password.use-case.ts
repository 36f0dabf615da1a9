import { Injectable } from '@nestjs/common';
import { authEvent, type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { Outbox, RpcError } from '@tracera/streams';
import { validationFailed } from '../auth-errors';
import { PasswordHasher } from '../passwords/password-hasher';
import { assertStrongPassword } from '../passwords/password-policy';
import { UserRepository } from '../repositories/user.repository';
import { SessionLifecycle } from '../sessions/session-lifecycle.service';

/** A new password, proven by the current one; every other session of the user ends. */
@Injectable()
export class ChangePasswordUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly outbox: Outbox,
    private readonly sessions: SessionLifecycle,
  ) {}

  async execute(
    request: RpcRequest<typeof authRpc.changePassword>,
  ): Promise<RpcResponse<typeof authRpc.changePassword>> {
    const user = await this.users.findById(request.userId);
    if (user === null || user.disabledAt !== null) throw new RpcError('UNAUTHENTICATED', 'not signed in');
    // A 422 on the field, not a 401: a mistyped current password must not sign the client out.
    if (!(await this.hasher.verify(user.passwordHash, request.currentPassword))) {
      throw validationFailed([{ field: 'currentPassword', message: 'is not the current password' }]);
    }
    assertStrongPassword('newPassword', request.newPassword, user);
    if (request.newPassword === request.currentPassword) {
      throw validationFailed([{ field: 'newPassword', message: 'must differ from the current password' }]);
    }
    const passwordHash = await this.hasher.hash(request.newPassword);
    await this.outbox.transaction(async (manager, emit) => {
      await this.users.updatePasswordHash(manager, user.id, passwordHash);
      emit(authEvent.userPasswordChanged, { userId: user.id }, { actor: user.id });
    });
    // After the commit: if Redis fails here the client gets a 503 with the password changed, and can still sign out everywhere.
    await this.sessions.revokeAll(user.id, 'password_changed', user.id, request.sessionId);
    return {};
  }
}
