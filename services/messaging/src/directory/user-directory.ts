import { Injectable } from '@nestjs/common';
import { authRpc } from '@tracera/contracts';
import { RedisStreamsClient, validationFailed } from '@tracera/streams';
import { type DirectoryUser, DirectoryRepository } from './directory.repository';

/**
 * The people the messaging service knows: its copy follows auth's user events, and ids it has not heard of
 * yet (an event still on its way) are looked up in auth before anyone is added to a conversation.
 */
@Injectable()
export class UserDirectory {
  constructor(
    private readonly users: DirectoryRepository,
    private readonly client: RedisStreamsClient,
  ) {}

  /**
   * The users behind `userIds`, every one existing and enabled; otherwise a 422 naming `field`. Call it
   * before the writing transaction: it may wait for auth.
   */
  async requireUsable(userIds: readonly string[], field: string): Promise<Map<string, DirectoryUser>> {
    const known = await this.known(userIds);
    const refused = userIds.filter((id) => known.get(id)?.disabled !== false);
    if (refused.length > 0) {
      throw validationFailed([
        { field, message: `names people who do not exist or are disabled: ${refused.join(', ')}` },
      ]);
    }
    return known;
  }

  /** The users among `userIds` known here or to auth (disabled ones included, flagged). */
  async known(userIds: readonly string[]): Promise<Map<string, DirectoryUser>> {
    const found = new Map((await this.users.findByIds(userIds)).map((user) => [user.userId, user]));
    const missing = [...new Set(userIds.filter((id) => !found.has(id)))];
    if (missing.length > 0) {
      const { users } = await this.client.call(
        authRpc.lookupUsers,
        { userIds: missing },
        { actor: 'messaging' },
      );
      const fetched = users.map((user) => ({
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        avatarUrl: user.avatarUrl,
        disabled: false,
      }));
      await this.users.upsert(fetched, new Date());
      for (const user of fetched) found.set(user.userId, user);
    }
    return found;
  }
}
