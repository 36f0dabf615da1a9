import { Injectable } from '@nestjs/common';
import { type Role } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager, In, IsNull, type Repository } from 'typeorm';
import { UserEntity } from '../entities/user.entity';
import { type UserPageCursor } from '../views/page-cursor';

/** Serialises account creation, so "is this the first user?" and the insert happen as one step. */
const REGISTRATION_LOCK = 'auth.users.registration';

export type NewUser = Pick<UserEntity, 'id' | 'email' | 'username' | 'displayName' | 'passwordHash' | 'role'>;
export type ProfileChanges = Partial<Pick<UserEntity, 'displayName' | 'timeZone' | 'locale' | 'avatarUrl'>>;

export interface UserPageQuery {
  query?: string;
  after?: UserPageCursor;
  limit: number;
  /** Disabled users are left out of the people directory but shown to admins. */
  includeDisabled: boolean;
}

/** Every SQL on `auth.users`. Methods taking a manager run inside the caller's transaction. */
@Injectable()
export class UserRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private users(manager?: EntityManager): Repository<UserEntity> {
    return (manager ?? this.connector.dataSource.manager).getRepository(UserEntity);
  }

  /** Held to the end of the transaction; concurrent registrations wait here one by one. */
  async lockRegistrations(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [REGISTRATION_LOCK]);
  }

  async anyUserExists(manager?: EntityManager): Promise<boolean> {
    return (await this.users(manager).count({ take: 1 })) > 0;
  }

  /** Which of `email` / `username` already belong to an account. */
  async takenFields(
    manager: EntityManager,
    email: string,
    username: string,
  ): Promise<{ email: boolean; username: boolean }> {
    const rows = await this.users(manager)
      .createQueryBuilder('u')
      .select(['u.email', 'u.username'])
      .where('u.email = :email OR lower(u.username) = lower(:username)', { email, username })
      .getMany();
    return {
      email: rows.some((row) => row.email === email),
      username: rows.some((row) => row.username.toLowerCase() === username.toLowerCase()),
    };
  }

  async insert(manager: EntityManager, user: NewUser): Promise<UserEntity> {
    await this.users(manager).insert(user);
    return this.users(manager).findOneByOrFail({ id: user.id });
  }

  findById(userId: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.users(manager).findOneBy({ id: userId });
  }

  /** The enabled users among `userIds`, in id order; unknown and disabled ids are left out. */
  findEnabledByIds(userIds: string[]): Promise<UserEntity[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.users().find({ where: { id: In(userIds), disabledAt: IsNull() }, order: { id: 'ASC' } });
  }

  /** Locks the user's row until the transaction ends. */
  findByIdForUpdate(manager: EntityManager, userId: string): Promise<UserEntity | null> {
    return this.users(manager).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
  }

  /** By email or username, both regardless of case (usernames cannot contain "@", so they never clash). */
  findByLogin(login: string): Promise<UserEntity | null> {
    const normalized = login.trim().toLowerCase();
    return this.users()
      .createQueryBuilder('u')
      .where(normalized.includes('@') ? 'u.email = :login' : 'lower(u.username) = :login', {
        login: normalized,
      })
      .getOne();
  }

  /** Notes a successful sign-in, storing a fresh hash when the parameters changed. */
  async recordLogin(manager: EntityManager, userId: string, rehashed: string | null): Promise<void> {
    await this.users(manager).update(
      { id: userId },
      {
        lastLoginAt: () => 'now()',
        ...(rehashed === null ? {} : { passwordHash: rehashed, updatedAt: () => 'now()' }),
      },
    );
  }

  async updateProfile(manager: EntityManager, userId: string, changes: ProfileChanges): Promise<void> {
    await this.users(manager).update({ id: userId }, { ...changes, updatedAt: () => 'now()' });
  }

  async updatePasswordHash(manager: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await this.users(manager).update({ id: userId }, { passwordHash, updatedAt: () => 'now()' });
  }

  async updateAccess(
    manager: EntityManager,
    userId: string,
    changes: { role?: Role; disabledAt?: Date | null },
  ): Promise<void> {
    await this.users(manager).update({ id: userId }, { ...changes, updatedAt: () => 'now()' });
  }

  /** Ids of the enabled admins, locked, so two admins cannot demote each other at the same moment. */
  async lockActiveAdminIds(manager: EntityManager): Promise<string[]> {
    const rows = await this.users(manager).find({
      select: { id: true },
      where: { role: 'admin', disabledAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
      order: { id: 'ASC' },
    });
    return rows.map((row) => row.id);
  }

  /** One page ordered by (username, id); fetches one extra row so the caller knows whether more follow. */
  listPage(page: UserPageQuery): Promise<UserEntity[]> {
    const builder = this.users().createQueryBuilder('u');
    if (!page.includeDisabled) builder.andWhere('u.disabled_at IS NULL');
    if (page.query !== undefined && page.query.trim() !== '') {
      builder.andWhere(
        `(u.username ILIKE :pattern ESCAPE '\\' OR u.display_name ILIKE :pattern ESCAPE '\\'` +
          (page.includeDisabled ? ` OR u.email ILIKE :pattern ESCAPE '\\')` : ')'),
        { pattern: `%${escapeLike(page.query.trim())}%` },
      );
    }
    if (page.after !== undefined) {
      builder.andWhere('(u.username, u.id) > (:afterUsername, :afterId)', {
        afterUsername: page.after.username,
        afterId: page.after.id,
      });
    }
    return builder
      .orderBy('u.username', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(page.limit + 1)
      .getMany();
  }
}

/** `%`, `_` and `\` in a search are literal characters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
