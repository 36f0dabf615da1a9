import { runServiceCommand } from '@tracera/platform';
import { analyticsService } from '../analytics.service-definition';
import { RebuildAnalyticsUseCase } from './rebuild-analytics.use-case';

/**
 * `npm run analytics:rebuild`: recomputes rollups, active days, streaks, challenge scores, leaderboards and
 * trending from the activity table. Running replicas pause their ingest while the tables are rebuilt and
 * carry on afterwards. Prints the counts.
 */
runServiceCommand(analyticsService, async (app) => {
  const report = await app.get(RebuildAnalyticsUseCase).execute();
  return (
    `analytics rebuilt from ${report.activity} activity rows: ${report.hourlyRollups} hourly rollups, ` +
    `${report.activeDays} active days, ${report.streaks} streaks, ${report.challengeMembers} challenge ` +
    `members with ${report.challengeProgress} counted items; caches of ${report.people} people dropped`
  );
});
