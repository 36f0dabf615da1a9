import { bootstrapService } from '@tracera/platform';
import { searchCacheDatabase } from './database/search-cache.database';
import { SearchCacheModule } from './search-cache.module';

void bootstrapService({
  service: 'search-cache',
  defaultPort: 8083,
  module: SearchCacheModule,
  database: searchCacheDatabase,
});
