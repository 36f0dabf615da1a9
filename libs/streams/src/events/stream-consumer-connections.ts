import { type LoggerService } from '@nestjs/common';
import { type RedisRoleConfig } from '@tracera/config';
import { createRedisConnection, type RedisClients, type RedisConnection } from '@tracera/redis';

/**
 * The connections a {@link StreamConsumer} uses: the shared command connection (acks, claims, scripts; it
 * never blocks) and a dedicated connection of its own for the blocking read, opened and closed through the
 * caller so it counts against the caller's limits.
 */
export interface StreamConsumerConnections {
  command: RedisConnection;
  openBlocking(): RedisConnection;
  closeBlocking(connection: RedisConnection): Promise<void>;
}

/** CLIENT SETNAME accepts no braces, and stream keys carry a hash tag. */
function connectionName(name: string): string {
  return name.replace(/[^A-Za-z0-9._:-]/g, '-');
}

/** Inside Nest: the core command connection and a pooled blocking connection from {@link RedisClients}. */
export function consumerConnectionsFromClients(
  clients: RedisClients,
  name: string,
  maxBlockMs: number,
): StreamConsumerConnections {
  return {
    command: clients.core,
    openBlocking: () => clients.dedicated('core', 'blocking', connectionName(name), { maxBlockMs }),
    closeBlocking: (connection) => clients.release(connection),
  };
}

/** Outside Nest (scripts, tests): blocking connections made from a role config; `command` stays the caller's. */
export function standaloneConsumerConnections(
  config: RedisRoleConfig,
  command: RedisConnection,
  request: { service: string; name: string; maxBlockMs?: number; logger?: LoggerService },
): StreamConsumerConnections {
  return {
    command,
    openBlocking: () =>
      createRedisConnection(config, {
        service: request.service,
        purpose: 'blocking',
        name: connectionName(request.name),
        maxBlockMs: request.maxBlockMs,
        logger: request.logger,
      }),
    closeBlocking: (connection) => {
      connection.disconnect();
      return Promise.resolve();
    },
  };
}
