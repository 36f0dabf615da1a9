import { type ServiceDatabase } from '@tracera/db';

/** The gateway owns no schema; it connects only so its readiness reports Postgres. */
export const gatewayDatabase: ServiceDatabase = {
  service: 'gateway',
  schema: null,
  entities: [],
  migrations: [],
};
