import { type ServiceDefinition } from '@tracera/platform';
import { authDatabase } from './database/auth.database';
import { AuthModule } from './auth.module';

/** The auth service as the platform boots it; tests build the same app in-process from this. */
export const authService: ServiceDefinition = {
  service: 'auth',
  defaultPort: 8081,
  module: AuthModule,
  database: authDatabase,
};
