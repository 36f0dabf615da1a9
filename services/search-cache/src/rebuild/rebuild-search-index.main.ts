import { runServiceCommand } from '@tracera/platform';
import { searchCacheService } from '../search-cache.service-definition';
import { RebuildSearchIndexUseCase } from '../use-cases/rebuild-search-index.use-case';

/**
 * `npm run search:rebuild`: rebuilds the search read model from the content service. Running replicas keep
 * applying events meanwhile. Prints the counts.
 */
runServiceCommand(searchCacheService, async (app) => {
  const report = await app.get(RebuildSearchIndexUseCase).execute();
  return `search index rebuilt: ${report.items} items, ${report.collections} collections, ${report.users} users`;
});
