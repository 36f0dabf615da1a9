import { type ServiceDatabase } from '@tracera/db';
import { DocumentAuthSchema1795400000000 } from './migrations/1795400000000-document-auth-schema';

/** The auth service's schema `auth`: users, password hashes and personal API tokens. */
export const authDatabase: ServiceDatabase = {
  service: 'auth',
  schema: 'auth',
  entities: [],
  migrations: [DocumentAuthSchema1795400000000],
};
