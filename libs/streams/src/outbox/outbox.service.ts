import { Inject, Injectable } from '@nestjs/common';
import { type Envelope, type EventContract } from '@tracera/contracts';
import { DatabaseConnector, SERVICE_DATABASE, type ServiceDatabase } from '@tracera/db';
import { type EntityManager } from 'typeorm';
import { type z } from 'zod';
import { StreamNames } from '../stream-names';
import { type EventMeta } from './outbox-event';
import { type EmitEvent, OutboxWriter } from './outbox-writer';

/**
 * The service's outbox, injectable: `transaction` changes entities and emits events atomically. Events
 * are validated against their contract (and must be this service's own) before anything is written.
 */
@Injectable()
export class Outbox {
  readonly writer: OutboxWriter;

  constructor(
    private readonly connector: DatabaseConnector,
    @Inject(SERVICE_DATABASE) database: ServiceDatabase,
    streams: StreamNames,
  ) {
    if (database.schema === null) throw new Error(`${database.service} owns no schema, so it has no outbox`);
    this.writer = new OutboxWriter({ schema: database.schema, producer: database.service, streams });
  }

  /**
   * Runs `work` in a transaction of the service's data source; the events it `emit`s are written at its end
   * and commit with its changes, or vanish with them if anything throws.
   */
  transaction<T>(work: (manager: EntityManager, emit: EmitEvent) => Promise<T>): Promise<T> {
    return this.writer.transaction(this.connector.dataSource, work);
  }

  /** For code that already holds a transaction: appends one event to it (call it last, see OutboxWriter.emit). */
  emit<C extends EventContract>(
    manager: EntityManager,
    contract: C,
    data: z.input<C['data']>,
    meta: EventMeta,
  ): Promise<Envelope<z.output<C['data']>>> {
    return this.writer.emit(manager, contract, data, meta);
  }
}
