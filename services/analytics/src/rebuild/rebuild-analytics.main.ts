import { loadConfig } from '@tracera/config';
import { createServiceApp } from '@tracera/platform';
import { analyticsService } from '../analytics.service-definition';
import { RebuildAnalyticsUseCase } from './rebuild-analytics.use-case';

/**
 * `npm run analytics:rebuild`: recomputes rollups, active days, streaks, challenge scores, leaderboards and
 * trending from the activity table with the services' environment. Builds the service app without its
 * consumers or HTTP listener; running replicas pause their ingest while the tables are rebuilt and carry on
 * afterwards. Prints the counts; failures go to stderr with exit code 1.
 */
async function main(): Promise<number> {
  const config = loadConfig({ service: 'analytics', defaultPort: 0 });
  const app = await createServiceApp(analyticsService, config);
  try {
    await app.init();
    const report = await app.get(RebuildAnalyticsUseCase).execute();
    process.stdout.write(
      `analytics rebuilt from ${report.activity} activity rows: ${report.hourlyRollups} hourly rollups, ` +
        `${report.activeDays} active days, ${report.streaks} streaks, ${report.challengeMembers} challenge ` +
        `members with ${report.challengeProgress} counted items; caches of ${report.people} people dropped\n`,
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
