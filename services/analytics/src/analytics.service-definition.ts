import { authEvent, contentEvent, messagingEvent } from '@tracera/contracts';
import { type ServiceDefinition } from '@tracera/platform';
import { AnalyticsModule } from './analytics.module';
import { analyticsDatabase } from './database/analytics.database';

/**
 * The events analytics learns from: everything a person does (content, chat, signing in), the directory
 * (names and time zones), and item snapshots and tag changes for recommendations. Chat housekeeping
 * (read markers, membership, notifications) and job completions carry no activity and are not read.
 */
export const ANALYTICS_EVENTS = [
  authEvent.userRegistered,
  authEvent.userUpdated,
  authEvent.sessionCreated,
  contentEvent.bookmarkCreated,
  contentEvent.bookmarkUpdated,
  contentEvent.bookmarkDeleted,
  contentEvent.noteCreated,
  contentEvent.noteUpdated,
  contentEvent.noteDeleted,
  contentEvent.taskCreated,
  contentEvent.taskUpdated,
  contentEvent.taskCompleted,
  contentEvent.taskDeleted,
  contentEvent.fileUploaded,
  contentEvent.fileUpdated,
  contentEvent.fileDeleted,
  contentEvent.tagRenamed,
  contentEvent.tagMerged,
  contentEvent.tagDeleted,
  messagingEvent.messageCreated,
  messagingEvent.reactionAdded,
].map((contract) => contract.type);

/** The analytics service as the platform boots it; tests, the rebuild command and the bench build the same app. */
export const analyticsService: ServiceDefinition = {
  service: 'analytics',
  defaultPort: 8085,
  module: AnalyticsModule,
  database: analyticsDatabase,
  streams: {
    consumes: ANALYTICS_EVENTS,
    // Many handlers in flight let the ActivityBatcher write one read's activity in one transaction, and the
    // next reads gather the next batch while it runs (more in flight than one batch holds). A new group starts
    // at the streams' oldest entries, so analytics added to a running instance learns what they hold.
    eventConsumer: { concurrency: 4000, batchSize: 1000, startFrom: '0' },
  },
};
