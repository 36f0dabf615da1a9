import { type INestApplication, type INestMicroservice } from '@nestjs/common';
import { type NestHybridApplicationOptions } from '@nestjs/common/interfaces';
import { type MicroserviceOptions } from '@nestjs/microservices';
import { RedisStreamsServer } from './redis-streams.server';

/**
 * Attaches the service's {@link RedisStreamsServer} (from `StreamsModule`) to its HTTP app as a Nest hybrid
 * app; `await app.startAllMicroservices()` then starts the consumers, and rejects when handlers and
 * contracts disagree. The HTTP app's global filters and pipes are not inherited unless asked for: they are
 * usually written for HTTP requests.
 */
export function connectStreamsServer(
  app: INestApplication,
  options: NestHybridApplicationOptions = {},
): INestMicroservice {
  return app.connectMicroservice<MicroserviceOptions>({ strategy: app.get(RedisStreamsServer) }, options);
}
