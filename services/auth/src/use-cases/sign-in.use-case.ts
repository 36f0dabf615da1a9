import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { invalidLogin } from '../auth-errors';
import { PasswordHasher } from '../passwords/password-hasher';
import { UserRepository } from '../repositories/user.repository';
import { SessionLifecycle } from '../sessions/session-lifecycle.service';
import { toUserView } from '../views/user-views';

/**
 * Sign-in by email or username. Unknown accounts, wrong passwords and disabled users cost one argon2
 * verification each and get the same answer, so the answer says nothing about which accounts exist.
 */
@Injectable()
export class SignInUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionLifecycle,
    private readonly connector: DatabaseConnector,
  ) {}

  async execute(request: RpcRequest<typeof authRpc.login>): Promise<RpcResponse<typeof authRpc.login>> {
    const user = await this.users.findByLogin(request.login);
    if (user === null) {
      await this.hasher.verifyWithoutAccount(request.password);
      throw invalidLogin();
    }
    const matches = await this.hasher.verify(user.passwordHash, request.password);
    if (!matches || user.disabledAt !== null) throw invalidLogin();

    const rehashed = this.hasher.needsRehash(user.passwordHash)
      ? await this.hasher.hash(request.password)
      : null;
    await this.connector.dataSource.transaction((manager) =>
      this.users.recordLogin(manager, user.id, rehashed),
    );
    const session = await this.sessions.issue(user, { ip: request.ip, userAgent: request.userAgent });
    return { user: toUserView(user), session };
  }
}
