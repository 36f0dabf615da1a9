import { type ServiceDatabase } from '@tracera/db';
import { OutboxEntry, ProcessedEvent } from '@tracera/streams';
import { ApiTokenEntity } from '../entities/api-token.entity';
import { SessionEntity } from '../entities/session.entity';
import { UserEntity } from '../entities/user.entity';
import { DocumentAuthSchema1795400000000 } from './migrations/1795400000000-document-auth-schema';
import { CreateOutbox1795500000000 } from './migrations/1795500000000-create-outbox';
import { CreateAccounts1795600000000 } from './migrations/1795600000000-create-accounts';

/** The auth service's schema `auth`: users, password hashes, personal API tokens and (optionally) sessions. */
export const authDatabase: ServiceDatabase = {
  service: 'auth',
  schema: 'auth',
  entities: [OutboxEntry, ProcessedEvent, UserEntity, ApiTokenEntity, SessionEntity],
  migrations: [DocumentAuthSchema1795400000000, CreateOutbox1795500000000, CreateAccounts1795600000000],
};
