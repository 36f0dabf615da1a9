import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { AccountCreator } from '../accounts/account-creator';
import { NewAccountCommand } from '../commands/new-account.command';
import { SessionLifecycle } from '../sessions/session-lifecycle.service';
import { toUserView } from '../views/user-views';

/** Self-registration: the first account becomes admin; later ones only while sign-ups are open. */
@Injectable()
export class RegisterUserUseCase {
  constructor(
    private readonly accounts: AccountCreator,
    private readonly sessions: SessionLifecycle,
  ) {}

  async execute(request: RpcRequest<typeof authRpc.register>): Promise<RpcResponse<typeof authRpc.register>> {
    const command = NewAccountCommand.create(request);
    const user = await this.accounts.create(command, { kind: 'self-registration' });
    // The account is committed first: should the session fail (Redis down), the client gets a 503 and can
    // sign in with the account it now has; nothing is left half-created.
    const session = await this.sessions.issue(user, { ip: request.ip, userAgent: request.userAgent });
    return { user: toUserView(user), session };
  }
}
