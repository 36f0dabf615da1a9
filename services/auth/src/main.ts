import { bootstrapService } from '@tracera/platform';
import { authDatabase } from './database/auth.database';
import { AuthModule } from './auth.module';

void bootstrapService({ service: 'auth', defaultPort: 8081, module: AuthModule, database: authDatabase });
