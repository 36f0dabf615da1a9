import { loadConfig } from '@tracera/config';
import { createServiceApp } from '@tracera/platform';
import { searchCacheService } from '../search-cache.service-definition';
import { RebuildSearchIndexUseCase } from '../use-cases/rebuild-search-index.use-case';

/**
 * `npm run search:rebuild`: rebuilds the search read model from the content service with the services'
 * environment. Builds the service app without its consumers or HTTP listener; running replicas keep
 * applying events meanwhile. Prints the counts; failures go to stderr with exit code 1.
 */
async function main(): Promise<number> {
  const config = loadConfig({ service: 'search-cache', defaultPort: 0 });
  const app = await createServiceApp(searchCacheService, config);
  try {
    await app.init();
    const report = await app.get(RebuildSearchIndexUseCase).execute();
    process.stdout.write(
      `search index rebuilt: ${report.items} items, ${report.collections} collections, ${report.users} users\n`,
    );
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  },
);
