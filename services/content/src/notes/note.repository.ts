import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager, type Repository } from 'typeorm';
import { parseSort, readKeysetPage, type SortKey } from '../paging/keyset-order';
import { type KeyedRow, type ListCursor } from '../paging/list-cursor';
import { whereTagged } from '../tags/tag-filter';
import { NoteEntity } from './note.entity';

export type NewNote = Pick<NoteEntity, 'id' | 'userId' | 'title' | 'body' | 'pinned' | 'collectionId'>;
export type NoteChanges = Partial<Pick<NoteEntity, 'title' | 'body' | 'pinned' | 'collectionId'>>;

export interface NoteListQuery {
  userId: string;
  tag?: string;
  collectionId?: string;
  pinned?: boolean;
  sort: string;
  after?: ListCursor;
  limit: number;
}

const SORT_KEYS: Record<string, SortKey> = {
  createdAt: { expression: 'n.created_at', type: 'timestamptz' },
  updatedAt: { expression: 'n.updated_at', type: 'timestamptz' },
  title: { expression: 'lower(n.title)', type: 'text' },
};

/** Every SQL on `content.notes`. Methods taking a manager run inside the caller's transaction. */
@Injectable()
export class NoteRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private notes(manager?: EntityManager): Repository<NoteEntity> {
    return (manager ?? this.connector.dataSource.manager).getRepository(NoteEntity);
  }

  async insert(manager: EntityManager, note: NewNote): Promise<NoteEntity> {
    await this.notes(manager).insert({ ...note, version: 1 });
    return this.notes(manager).findOneByOrFail({ id: note.id });
  }

  findById(manager: EntityManager | undefined, userId: string, id: string): Promise<NoteEntity | null> {
    return this.notes(manager).findOneBy({ userId, id });
  }

  /** Locks the note until the transaction ends. */
  findForUpdate(manager: EntityManager, userId: string, id: string): Promise<NoteEntity | null> {
    return this.notes(manager).findOne({ where: { userId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Applies the changes, bumps the version and answers the row as stored. */
  async update(
    manager: EntityManager,
    userId: string,
    id: string,
    changes: NoteChanges,
  ): Promise<NoteEntity> {
    await this.notes(manager).update(
      { userId, id },
      { ...changes, version: () => 'version + 1', updatedAt: () => `date_trunc('milliseconds', now())` },
    );
    return this.notes(manager).findOneByOrFail({ userId, id });
  }

  async delete(manager: EntityManager, userId: string, id: string): Promise<void> {
    await this.notes(manager).delete({ userId, id });
  }

  /** One page of the user's notes; fetches one extra row so the caller knows whether more follow. */
  listPage(query: NoteListQuery): Promise<KeyedRow<NoteEntity>[]> {
    const builder = this.notes()
      .createQueryBuilder('n')
      .where('n.user_id = :userId', { userId: query.userId });
    if (query.collectionId !== undefined) {
      builder.andWhere('n.collection_id = :collectionId', { collectionId: query.collectionId });
    }
    if (query.pinned !== undefined) builder.andWhere('n.pinned = :pinned', { pinned: query.pinned });
    if (query.tag !== undefined) whereTagged(builder, 'n', 'note', query.tag);
    const { field, descending } = parseSort(query.sort);
    return readKeysetPage(
      builder,
      'content.notes',
      'n',
      SORT_KEYS[field],
      descending,
      query.after,
      query.limit,
    );
  }

  /** The user's notes after `afterId`, by id (exports). */
  pageOfUser(userId: string, afterId: string | null, limit: number): Promise<NoteEntity[]> {
    const builder = this.notes().createQueryBuilder('n').where('n.user_id = :userId', { userId });
    if (afterId !== null) builder.andWhere('n.id > :afterId', { afterId });
    return builder.orderBy('n.id', 'ASC').limit(limit).getMany();
  }

  /** Notes of every user after `afterId`, by id (the search index rebuild). */
  pageOfAllUsers(afterId: string | null, limit: number): Promise<NoteEntity[]> {
    const builder = this.notes().createQueryBuilder('n');
    if (afterId !== null) builder.where('n.id > :afterId', { afterId });
    return builder.orderBy('n.id', 'ASC').limit(limit).getMany();
  }
}
