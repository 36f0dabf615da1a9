import { authEvent } from '@tracera/contracts';
import { type ServiceDefinition } from '@tracera/platform';
import { messagingDatabase } from './database/messaging.database';
import { MessagingModule } from './messaging.module';

/** The messaging service as the platform boots it; tests build the same app in-process from this. */
export const messagingService: ServiceDefinition = {
  service: 'messaging',
  defaultPort: 8084,
  module: MessagingModule,
  database: messagingDatabase,
  streams: {
    // The member directory copy (usernames for mentions, names on members) follows the auth service.
    consumes: [authEvent.userRegistered.type, authEvent.userUpdated.type],
  },
};
