import { Logger } from '@nestjs/common';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { type AppConfig } from '@tracera/config';
import { type RedisClients, type RedisConnection } from '@tracera/redis';
import { type ServerOptions } from 'socket.io';
import { localFirstRedisAdapter } from './local-first-redis-adapter';

/** The adapter and the two connections it holds, released when the Socket.IO server is gone. */
export interface SocketRedisAdapter {
  adapter: NonNullable<ServerOptions['adapter']>;
  connections: RedisConnection[];
  /** Calls `listener` each time the subscriber is back after losing Redis (pushes of the gap are lost). */
  onResubscribed(listener: () => void): void;
}

/**
 * Publishes never reject: the adapter calls `publish` without handling the promise, and pub/sub traffic may
 * be lost by design (clients resync by seq). Without this a Redis outage would be an unhandled rejection.
 */
function lossyPublisher(connection: RedisConnection, logger: Logger): RedisConnection {
  let failing = false;
  const lossy =
    (publish: (...args: unknown[]) => Promise<unknown>) =>
    (...args: unknown[]): Promise<unknown> =>
      publish(...args).then(
        (receivers) => {
          failing = false;
          return receivers;
        },
        (error: unknown) => {
          if (!failing) logger.warn(`socket.io adapter publish lost: ${(error as Error).message}`);
          failing = true;
          return 0;
        },
      );
  return new Proxy(connection, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if ((property === 'publish' || property === 'spublish') && typeof value === 'function') {
        return lossy((value as (...args: unknown[]) => Promise<unknown>).bind(target));
      }
      return value;
    },
  });
}

/**
 * The Socket.IO Redis adapter on core Redis, over a dedicated publisher and subscriber connection
 * (ARCHITECTURE §3): `classic` PUBLISH/PSUBSCRIBE, or `sharded` SPUBLISH/SSUBSCRIBE (Redis 7, for Cluster;
 * it applies local joins after its own publish, as it does local broadcasts, so call order holds there).
 * Channels carry REDIS_KEY_PREFIX, so deployments sharing a Redis do not hear each other. Undefined with
 * REDIS_PUBSUB_ENABLED=false: a single node, rooms in memory.
 */
export function socketRedisAdapter(config: AppConfig, clients: RedisClients): SocketRedisAdapter | undefined {
  if (!config.redis.features.pubsub) return undefined;
  const logger = new Logger('SocketRedisAdapter');
  const subscriber = clients.dedicated('core', 'subscriber', 'socket.io');
  const publisher = clients.dedicated('core', 'publisher', 'socket.io');
  const channel = `${config.redis.keyPrefix}socket.io`;
  const pub = lossyPublisher(publisher, logger);
  const adapter =
    config.realtime.redisAdapter === 'sharded'
      ? // Static: every broadcast on the namespace's one channel. With per-room channels (the default) a node
        // subscribes to a room's channel only once a socket joined there, so a push right after a remote join
        // (member:added) was lost, and pushes on different channels lose their relative order.
        createShardedAdapter(pub, subscriber, { channelPrefix: channel, subscriptionMode: 'static' })
      : localFirstRedisAdapter(pub, subscriber, { key: channel });
  let lost = false;
  const listeners: (() => void)[] = [];
  subscriber.on('close', () => {
    lost = true;
  });
  subscriber.on('ready', () => {
    if (!lost) return;
    lost = false;
    for (const listener of listeners) listener();
  });
  return {
    adapter,
    connections: [subscriber, publisher],
    onResubscribed: (listener) => listeners.push(listener),
  };
}
