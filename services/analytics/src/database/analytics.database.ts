import { type ServiceDatabase } from '@tracera/db';
import { OutboxEntry, ProcessedEvent } from '@tracera/streams';
import { DocumentAnalyticsSchema1795400000000 } from './migrations/1795400000000-document-analytics-schema';
import { CreateOutbox1795500000000 } from './migrations/1795500000000-create-outbox';
import { CreateActivity1795800000000 } from './migrations/1795800000000-create-activity';

/** The analytics service's schema `analytics`: activity time series, rollups, streaks, challenges and leaderboards. */
export const analyticsDatabase: ServiceDatabase = {
  service: 'analytics',
  schema: 'analytics',
  entities: [OutboxEntry, ProcessedEvent],
  migrations: [DocumentAnalyticsSchema1795400000000, CreateOutbox1795500000000, CreateActivity1795800000000],
};
