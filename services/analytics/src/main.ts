import { bootstrapService } from '@tracera/platform';
import { analyticsDatabase } from './database/analytics.database';
import { AnalyticsModule } from './analytics.module';

void bootstrapService({
  service: 'analytics',
  defaultPort: 8085,
  module: AnalyticsModule,
  database: analyticsDatabase,
});
