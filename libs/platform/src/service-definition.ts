import { type Type } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig } from '@tracera/config';
import { type ServiceDatabase } from '@tracera/db';
import { type OutboxModuleOptions, type StreamsModuleOptions } from '@tracera/streams';

/** What makes one Tracera service: its name, its default port, its feature module and its database schema. */
export interface ServiceDefinition {
  service: string;
  defaultPort: number;
  module: Type<unknown>;
  database: ServiceDatabase;
  /** Transport settings; the contracts default to the whole system's table. */
  streams?: Partial<StreamsModuleOptions>;
  /** Outbox relay tuning; every service with a schema has an outbox. */
  outbox?: OutboxModuleOptions;
  /** Service-specific HTTP setup (prefix, filters, docs…), run after the app is built and before it listens. */
  configureApp?: (app: NestFastifyApplication, config: AppConfig) => Promise<void> | void;
}
