import { type ServiceDatabase } from '@tracera/db';
import { DocumentAnalyticsSchema1795400000000 } from './migrations/1795400000000-document-analytics-schema';

/** The analytics service's schema `analytics`: activity time series, rollups, streaks, challenges and leaderboards. */
export const analyticsDatabase: ServiceDatabase = {
  service: 'analytics',
  schema: 'analytics',
  entities: [],
  migrations: [DocumentAnalyticsSchema1795400000000],
};
