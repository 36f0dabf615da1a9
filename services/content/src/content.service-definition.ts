import { type ServiceDefinition } from '@tracera/platform';
import { contentDatabase } from './database/content.database';
import { configureContentHttp } from './files/content-http';
import { ContentModule } from './content.module';

/** The content service as the platform boots it; tests build the same app in-process from this. */
export const contentService: ServiceDefinition = {
  service: 'content',
  defaultPort: 8082,
  module: ContentModule,
  database: contentDatabase,
  // Uploads stream through the internal HTTP port without being buffered.
  configureApp: configureContentHttp,
};
