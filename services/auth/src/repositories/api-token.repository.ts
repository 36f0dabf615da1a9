import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager, IsNull, type Repository } from 'typeorm';
import { ApiTokenEntity } from '../entities/api-token.entity';
import { UserEntity } from '../entities/user.entity';

export type NewApiToken = Pick<
  ApiTokenEntity,
  'id' | 'userId' | 'name' | 'tokenHash' | 'scopes' | 'expiresAt'
>;

/** Writes of `last_used_at` are skipped when the last one is this recent: a busy script would write on every call. */
const LAST_USED_RESOLUTION = '1 minute';

/** Every SQL on `auth.api_tokens`; all but the secret lookup are scoped by the owner's id. */
@Injectable()
export class ApiTokenRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private tokens(manager?: EntityManager): Repository<ApiTokenEntity> {
    return (manager ?? this.connector.dataSource.manager).getRepository(ApiTokenEntity);
  }

  async insert(token: NewApiToken): Promise<ApiTokenEntity> {
    await this.tokens().insert(token);
    return this.tokens().findOneByOrFail({ id: token.id, userId: token.userId });
  }

  /** The user's tokens that were not revoked (expired ones included, so the user sees them end), newest first. */
  listUnrevoked(userId: string): Promise<ApiTokenEntity[]> {
    return this.tokens().find({
      where: { userId, revokedAt: IsNull() },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  /** False when the user has no such unrevoked token (another user's included). */
  async revoke(userId: string, tokenId: string): Promise<boolean> {
    const result = await this.tokens().update(
      { id: tokenId, userId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
    return (result.affected ?? 0) > 0;
  }

  async revokeAllOfUser(manager: EntityManager, userId: string): Promise<number> {
    const result = await this.tokens(manager).update(
      { userId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
    return result.affected ?? 0;
  }

  /** The token with this hash and its owner, whatever their state; the caller decides what is usable. */
  async findByHashWithOwner(tokenHash: string): Promise<{ token: ApiTokenEntity; owner: UserEntity } | null> {
    const token = await this.tokens().findOneBy({ tokenHash });
    if (token === null) return null;
    const owner = await this.connector.dataSource.manager
      .getRepository(UserEntity)
      .findOneBy({ id: token.userId });
    return owner === null ? null : { token, owner };
  }

  async touchLastUsed(userId: string, tokenId: string): Promise<void> {
    await this.tokens()
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where('id = :tokenId AND user_id = :userId', { tokenId, userId })
      .andWhere(`(last_used_at IS NULL OR last_used_at < now() - interval '${LAST_USED_RESOLUTION}')`)
      .execute();
  }
}
