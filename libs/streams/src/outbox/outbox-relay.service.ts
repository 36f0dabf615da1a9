import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { DatabaseConnector, SERVICE_DATABASE, type ServiceDatabase } from '@tracera/db';
import { RedisClients } from '@tracera/redis';
import { StreamPublisher } from '../events/stream-publisher';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';

/** Relay settings a service may tune; where to read and publish comes from the service itself. */
export type OutboxRelayTuning = Omit<
  OutboxRelayOptions,
  'schema' | 'dataSource' | 'sink' | 'redis' | 'listen' | 'logger'
>;

export const OUTBOX_RELAY_TUNING = Symbol('OUTBOX_RELAY_TUNING');

/**
 * Runs the service's {@link OutboxRelay} from bootstrap (once every module is initialised, so a Postgres or
 * Redis still connecting is simply retried) until shutdown, where it finishes its batch before the
 * connections close.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(
    connector: DatabaseConnector,
    @Inject(SERVICE_DATABASE) database: ServiceDatabase,
    @Inject(APP_CONFIG) config: AppConfig,
    publisher: StreamPublisher,
    @Inject(OUTBOX_RELAY_TUNING) tuning: OutboxRelayTuning,
    // StreamPublisher publishes through the core connection; optional only for test modules without RedisModule.
    @Optional() clients?: RedisClients,
  ) {
    if (database.schema === null) throw new Error(`${database.service} owns no schema, so it has no outbox`);
    this.relay = new OutboxRelay({
      ...tuning,
      schema: database.schema,
      dataSource: connector.dataSource,
      sink: publisher,
      redis: clients?.core,
      listen: { connectionString: config.database.url, applicationName: `${database.service}-outbox` },
      logger: new Logger('Outbox'),
    });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
