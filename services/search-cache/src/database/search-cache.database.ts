import { type ServiceDatabase } from '@tracera/db';
import { DocumentSearchSchema1795400000000 } from './migrations/1795400000000-document-search-schema';

/** The search-cache service's schema `search`: the search read model built from content events. */
export const searchCacheDatabase: ServiceDatabase = {
  service: 'search-cache',
  schema: 'search',
  entities: [],
  migrations: [DocumentSearchSchema1795400000000],
};
