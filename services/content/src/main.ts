import { bootstrapService } from '@tracera/platform';
import { contentDatabase } from './database/content.database';
import { ContentModule } from './content.module';

void bootstrapService({
  service: 'content',
  defaultPort: 8082,
  module: ContentModule,
  database: contentDatabase,
});
