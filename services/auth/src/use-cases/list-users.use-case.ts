import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { AdminCheck } from '../accounts/admin-check';
import { UserRepository } from '../repositories/user.repository';
import { decodeUserCursor, userPage } from '../views/page-cursor';
import { toAdminUserView } from '../views/user-views';

/** Admins' user list: every account, disabled ones included, filtered by name or email. */
@Injectable()
export class ListUsersUseCase {
  constructor(
    private readonly admins: AdminCheck,
    private readonly users: UserRepository,
  ) {}

  async execute(
    request: RpcRequest<typeof authRpc.adminListUsers>,
  ): Promise<RpcResponse<typeof authRpc.adminListUsers>> {
    await this.admins.assertAdmin(request.actorId);
    const rows = await this.users.listPage({
      query: request.query,
      after: decodeUserCursor(request.cursor),
      limit: request.limit,
      includeDisabled: true,
    });
    return userPage(rows, request.limit, toAdminUserView);
  }
}
