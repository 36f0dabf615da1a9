import { bootstrapService } from '@tracera/platform';
import { messagingDatabase } from './database/messaging.database';
import { MessagingModule } from './messaging.module';

void bootstrapService({
  service: 'messaging',
  defaultPort: 8084,
  module: MessagingModule,
  database: messagingDatabase,
});
