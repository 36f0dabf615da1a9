import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager, type Repository } from 'typeorm';
import { FileEntity } from './file.entity';

export type NewFile = Pick<
  FileEntity,
  'id' | 'userId' | 'name' | 'size' | 'contentType' | 'checksum' | 'description' | 'storageKey'
>;
export type FileChanges = Partial<Pick<FileEntity, 'name' | 'description' | 'collectionId'>>;

export type FileSortField = 'createdAt' | 'updatedAt' | 'name' | 'size';

const SORT_COLUMNS: Record<FileSortField, string> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  name: 'name',
  size: 'size',
};

export interface FileListQuery {
  userId: string;
  tag?: string;
  collectionId?: string;
  sort: FileSortField;
  descending: boolean;
  limit: number;
  /** The sort value and id of the last row of the previous page. */
  after?: { value: string | number; id: string };
}

/** Every SQL on `content.files`, scoped by the owner's id: another user's file is simply not there. */
@Injectable()
export class FileRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private files(manager?: EntityManager): Repository<FileEntity> {
    return (manager ?? this.connector.dataSource.manager).getRepository(FileEntity);
  }

  async insert(manager: EntityManager, file: NewFile): Promise<FileEntity> {
    await this.files(manager).insert(file);
    return this.files(manager).findOneByOrFail({ id: file.id, userId: file.userId });
  }

  findOwned(userId: string, id: string): Promise<FileEntity | null> {
    return this.files().findOneBy({ id, userId });
  }

  /** Locks the row until the transaction ends, so concurrent updates see each other's versions. */
  findOwnedForUpdate(manager: EntityManager, userId: string, id: string): Promise<FileEntity | null> {
    return this.files(manager)
      .createQueryBuilder('file')
      .setLock('pessimistic_write')
      .where('file.id = :id AND file.user_id = :userId', { id, userId })
      .getOne();
  }

  /** Applies the changes, bumps the version and answers the row as stored. */
  async update(manager: EntityManager, file: FileEntity, changes: FileChanges): Promise<FileEntity> {
    await this.files(manager)
      .createQueryBuilder()
      .update()
      .set({
        ...changes,
        version: () => 'version + 1',
        updatedAt: () => `date_trunc('milliseconds', now())`,
      })
      .where('id = :id AND user_id = :userId', { id: file.id, userId: file.userId })
      .execute();
    return this.files(manager).findOneByOrFail({ id: file.id, userId: file.userId });
  }

  async delete(manager: EntityManager, userId: string, id: string): Promise<void> {
    await this.files(manager).delete({ id, userId });
  }

  /** One page of the user's files in the requested order, fetching one extra row to tell if more follow. */
  listPage(query: FileListQuery): Promise<FileEntity[]> {
    const column = `file.${SORT_COLUMNS[query.sort]}`;
    const direction = query.descending ? 'DESC' : 'ASC';
    const builder = this.files()
      .createQueryBuilder('file')
      .where('file.user_id = :userId', { userId: query.userId })
      .orderBy(column, direction)
      .addOrderBy('file.id', direction)
      .limit(query.limit + 1);
    if (query.collectionId !== undefined) {
      builder.andWhere('file.collection_id = :collectionId', { collectionId: query.collectionId });
    }
    if (query.tag !== undefined) {
      builder.andWhere(
        `EXISTS (SELECT 1 FROM content.item_tags it JOIN content.tags t ON t.id = it.tag_id
                  WHERE it.user_id = file.user_id AND it.item_type = 'file' AND it.item_id = file.id
                    AND t.name = :tag)`,
        { tag: query.tag },
      );
    }
    if (query.after !== undefined) {
      const comparison = query.descending ? '<' : '>';
      const cast = query.sort === 'createdAt' || query.sort === 'updatedAt' ? '::timestamptz' : '';
      builder.andWhere(`(${column}, file.id) ${comparison} (:afterValue${cast}, :afterId)`, {
        afterValue: query.after.value,
        afterId: query.after.id,
      });
    }
    return builder.getMany();
  }
}
