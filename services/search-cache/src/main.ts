import { bootstrapService } from '@tracera/platform';
import { searchCacheService } from './search-cache.service-definition';

void bootstrapService(searchCacheService);
