import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { UserProfileCache } from '@tracera/sessions';
import { RpcError } from '@tracera/streams';
import { UserRepository } from '../repositories/user.repository';
import { toUserView } from '../views/user-views';

/** The user's profile, from the database; it also fills the gateway's profile cache. */
@Injectable()
export class GetProfileUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly profiles: UserProfileCache,
  ) {}

  async execute(request: RpcRequest<typeof authRpc.getMe>): Promise<RpcResponse<typeof authRpc.getMe>> {
    const user = await this.users.findById(request.userId);
    if (user === null) throw new RpcError('NOT_FOUND', 'no such user');
    const view = toUserView(user);
    await this.profiles.fill(view);
    return { user: view };
  }
}
