import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { AccountCreator } from '../accounts/account-creator';
import { AdminCheck } from '../accounts/admin-check';
import { NewAccountCommand } from '../commands/new-account.command';
import { toAdminUserView } from '../views/user-views';

/** An admin creates an account (also while sign-ups are closed); no session is started for it. */
@Injectable()
export class CreateUserUseCase {
  constructor(
    private readonly admins: AdminCheck,
    private readonly accounts: AccountCreator,
  ) {}

  async execute(
    request: RpcRequest<typeof authRpc.adminCreateUser>,
  ): Promise<RpcResponse<typeof authRpc.adminCreateUser>> {
    await this.admins.assertAdmin(request.actorId);
    const command = NewAccountCommand.create(request);
    const user = await this.accounts.create(command, {
      kind: 'admin',
      actorId: request.actorId,
      role: request.role ?? 'user',
    });
    return { user: toAdminUserView(user) };
  }
}
