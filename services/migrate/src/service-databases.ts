import { type ServiceDatabase } from '@tracera/db';
import { analyticsDatabase } from '../../analytics/src/database/analytics.database';
import { authDatabase } from '../../auth/src/database/auth.database';
import { contentDatabase } from '../../content/src/database/content.database';
import { gatewayDatabase } from '../../gateway/src/database/gateway.database';
import { messagingDatabase } from '../../messaging/src/database/messaging.database';
import { searchCacheDatabase } from '../../search-cache/src/database/search-cache.database';

/** Every service's database, in the order their schemas are migrated. */
export const SERVICE_DATABASES: readonly ServiceDatabase[] = [
  gatewayDatabase,
  authDatabase,
  contentDatabase,
  searchCacheDatabase,
  messagingDatabase,
  analyticsDatabase,
];
