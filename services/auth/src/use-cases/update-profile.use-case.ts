import { Injectable } from '@nestjs/common';
import { authEvent, type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { UserProfileCache } from '@tracera/sessions';
import { Outbox, RpcError } from '@tracera/streams';
import { type ProfileChanges, UserRepository } from '../repositories/user.repository';
import { toUserView, userUpdatedData } from '../views/user-views';

const PROFILE_FIELDS = ['displayName', 'timeZone', 'locale', 'avatarUrl'] as const;

/** Changes the user's own profile; `user.updated` names only the fields whose value really changed. */
@Injectable()
export class UpdateProfileUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly outbox: Outbox,
    private readonly profiles: UserProfileCache,
  ) {}

  async execute(request: RpcRequest<typeof authRpc.updateMe>): Promise<RpcResponse<typeof authRpc.updateMe>> {
    const result = await this.outbox.transaction(async (manager, emit) => {
      const user = await this.users.findByIdForUpdate(manager, request.userId);
      if (user === null) throw new RpcError('NOT_FOUND', 'no such user');
      const changes: ProfileChanges = {};
      for (const field of PROFILE_FIELDS) {
        const value = request[field];
        if (value !== undefined && value !== user[field]) Object.assign(changes, { [field]: value });
      }
      const changed = Object.keys(changes);
      if (changed.length === 0) return { user: toUserView(user) };
      await this.users.updateProfile(manager, user.id, changes);
      const updated = { ...user, ...changes };
      emit(authEvent.userUpdated, userUpdatedData(updated, changed), { actor: user.id });
      return { user: toUserView(updated) };
    });
    await this.profiles.put(result.user);
    return result;
  }
}
