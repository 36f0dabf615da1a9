import { type DynamicModule, Module } from '@nestjs/common';
import { OUTBOX_RELAY_TUNING, OutboxRelayService, type OutboxRelayTuning } from './outbox-relay.service';
import { Outbox } from './outbox.service';

export interface OutboxModuleOptions {
  relay?: OutboxRelayTuning;
}

/**
 * The service's transactional outbox (global): {@link Outbox} to write events with entity changes, and the
 * relay publishing them. Needs DbModule (a service with a schema migrated with the outbox tables) and
 * StreamsModule (StreamNames, StreamPublisher).
 */
@Module({})
export class OutboxModule {
  static forService(options: OutboxModuleOptions = {}): DynamicModule {
    return {
      module: OutboxModule,
      global: true,
      providers: [
        { provide: OUTBOX_RELAY_TUNING, useValue: options.relay ?? {} },
        Outbox,
        OutboxRelayService,
      ],
      exports: [Outbox, OutboxRelayService],
    };
  }
}
