import { type ServiceDefinition } from '@tracera/platform';
import { gatewayDatabase } from './database/gateway.database';
import { GatewayModule } from './gateway.module';
import { configureGatewayHttp } from './http/configure-gateway-http';
import { LIVE_EVENT_TYPES } from './live-events/live-events.controller';

/** The gateway as the platform boots it; tests build the same app in-process from this. */
export const gatewayService: ServiceDefinition = {
  service: 'gateway',
  defaultPort: 8080,
  module: GatewayModule,
  database: gatewayDatabase,
  streams: {
    consumes: LIVE_EVENT_TYPES,
    // Pushes must leave in stream order (clients detect gaps by seq): one replica at a time reads, one
    // event at a time; another takes over LIVE_EVENTS_LEASE after the holder dies, at once when it stops.
    // A takeover first handles what the old holder left pending; the reclaimer only catches this replica's
    // own stragglers, and pushes take milliseconds, so its idle time can be short.
    eventConsumer: (config) => ({
      concurrency: 1,
      exclusive: { leaseMs: config.realtime.liveEventsLeaseMs },
      reclaimIdleMs: config.realtime.liveEventsLeaseMs,
      reclaimIntervalMs: Math.max(500, Math.round(config.realtime.liveEventsLeaseMs / 2)),
    }),
  },
  configureApp: configureGatewayHttp,
};
