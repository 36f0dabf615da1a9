import { type ServiceDatabase } from '@tracera/db';
import { DocumentContentSchema1795400000000 } from './migrations/1795400000000-document-content-schema';

/** The content service's schema `content`: bookmarks, notes, tasks, files, tags and collections. */
export const contentDatabase: ServiceDatabase = {
  service: 'content',
  schema: 'content',
  entities: [],
  migrations: [DocumentContentSchema1795400000000],
};
