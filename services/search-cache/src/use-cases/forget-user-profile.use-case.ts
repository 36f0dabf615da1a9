import { Injectable } from '@nestjs/common';
import { UserProfileCache } from '@tracera/sessions';

/**
 * Drops the cached profile after `user.updated`: auth overwrites it after each change, but if that write
 * failed (cache down) the event still removes the stale copy; the next read fills it from auth.
 */
@Injectable()
export class ForgetUserProfileUseCase {
  constructor(private readonly profiles: UserProfileCache) {}

  execute(userId: string): Promise<void> {
    return this.profiles.invalidate(userId);
  }
}
