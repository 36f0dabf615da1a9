import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { FileEntity } from '../files/file.entity';

/**
 * Reads of `content.files` by id pages, for exports and the search index rebuild. The files feature owns
 * the table and every write to it (FileRepository); these bulk reads live with their callers.
 */
@Injectable()
export class FilePagesRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  /** The user's files after `afterId`, by id. */
  pageOfUser(userId: string, afterId: string | null, limit: number): Promise<FileEntity[]> {
    const builder = this.connector.dataSource
      .getRepository(FileEntity)
      .createQueryBuilder('f')
      .where('f.user_id = :userId', { userId });
    if (afterId !== null) builder.andWhere('f.id > :afterId', { afterId });
    return builder.orderBy('f.id', 'ASC').limit(limit).getMany();
  }

  /** Files of every user after `afterId`, by id. */
  pageOfAllUsers(afterId: string | null, limit: number): Promise<FileEntity[]> {
    const builder = this.connector.dataSource.getRepository(FileEntity).createQueryBuilder('f');
    if (afterId !== null) builder.where('f.id > :afterId', { afterId });
    return builder.orderBy('f.id', 'ASC').limit(limit).getMany();
  }
}
