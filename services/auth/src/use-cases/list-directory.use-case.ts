import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { UserRepository } from '../repositories/user.repository';
import { decodeUserCursor, userPage } from '../views/page-cursor';
import { toUserSummaryView } from '../views/user-views';

/** The people directory: enabled users, optionally filtered by name, in username order. */
@Injectable()
export class ListDirectoryUseCase {
  constructor(private readonly users: UserRepository) {}

  async execute(
    request: RpcRequest<typeof authRpc.directory>,
  ): Promise<RpcResponse<typeof authRpc.directory>> {
    const rows = await this.users.listPage({
      query: request.query,
      after: decodeUserCursor(request.cursor),
      limit: request.limit,
      includeDisabled: false,
    });
    return userPage(rows, request.limit, toUserSummaryView);
  }
}
