import { Injectable, Logger } from '@nestjs/common';
import { authRpc } from '@tracera/contracts';
import { RedisStreamsClient } from '@tracera/streams';
import { type EntityManager } from 'typeorm';
import { UsersRepository } from './users.repository';

export interface UserProfile {
  username: string;
  displayName: string;
  timeZone: string;
}

/** auth.user.lookup takes at most this many ids per call. */
const LOOKUP_CHUNK = 200;
/** Names only decorate answers: a slow or absent auth delays them this long at most. */
const LOOKUP_TIMEOUT_MS = 2000;

/** The people analytics knows: names for leaderboards and the time zone that decides local days. */
@Injectable()
export class UserDirectory {
  private readonly logger = new Logger(UserDirectory.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly rpc: RedisStreamsClient,
  ) {}

  /** The person's IANA zone, 'UTC' for someone the directory has not heard of. */
  async timeZoneOf(userId: string, manager?: EntityManager): Promise<string> {
    const zones = await this.timeZonesOf([userId], manager);
    return zones.get(userId) ?? 'UTC';
  }

  /** Each known person's zone; unknown ids are left out (callers default to UTC). */
  async timeZonesOf(userIds: string[], manager?: EntityManager): Promise<Map<string, string>> {
    const entries = await this.users.findMany([...new Set(userIds)], manager);
    return new Map(entries.map((entry) => [entry.userId, entry.timeZone]));
  }

  /**
   * Profiles of these people; those this copy lacks are asked of auth and stored. People auth does not know
   * either are left out, and so are all of them while auth is unreachable, unless `strict` (deciding whether
   * people exist, e.g. invitees): then auth's failure is the answer (503/504), not "unknown people".
   */
  async profiles(userIds: string[], options: { strict?: boolean } = {}): Promise<Map<string, UserProfile>> {
    const wanted = [...new Set(userIds)];
    const profiles = new Map<string, UserProfile>();
    for (const entry of await this.users.findMany(wanted)) {
      profiles.set(entry.userId, {
        username: entry.username,
        displayName: entry.displayName,
        timeZone: entry.timeZone,
      });
    }
    const missing = wanted.filter((id) => !profiles.has(id));
    for (let start = 0; start < missing.length; start += LOOKUP_CHUNK) {
      const found = await this.lookUp(missing.slice(start, start + LOOKUP_CHUNK), options.strict ?? false);
      await this.users.insertLookedUp(found);
      for (const user of found) {
        profiles.set(user.userId, {
          username: user.username,
          displayName: user.displayName,
          timeZone: 'UTC',
        });
      }
    }
    return profiles;
  }

  private async lookUp(
    userIds: string[],
    strict: boolean,
  ): Promise<{ userId: string; username: string; displayName: string }[]> {
    try {
      const { users } = await this.rpc.call(
        authRpc.lookupUsers,
        { userIds },
        { actor: 'analytics', timeoutMs: LOOKUP_TIMEOUT_MS },
      );
      return users.map((user) => ({
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
      }));
    } catch (error) {
      if (strict) throw error;
      // Names are decoration: a leaderboard without some names beats no leaderboard.
      this.logger.warn(`auth.user.lookup failed: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }
}
