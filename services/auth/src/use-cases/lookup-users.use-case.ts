import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { UserRepository } from '../repositories/user.repository';
import { toUserSummaryView } from '../views/user-views';

/**
 * Which of the given ids are existing, enabled users: other services (messaging) check people they have
 * not heard of yet here. Unknown and disabled ids are simply left out, so the caller decides what that means.
 */
@Injectable()
export class LookupUsersUseCase {
  constructor(private readonly users: UserRepository) {}

  async execute(
    request: RpcRequest<typeof authRpc.lookupUsers>,
  ): Promise<RpcResponse<typeof authRpc.lookupUsers>> {
    const rows = await this.users.findEnabledByIds([...new Set(request.userIds)]);
    return { users: rows.map(toUserSummaryView) };
  }
}
