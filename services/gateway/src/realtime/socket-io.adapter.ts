import { type IncomingMessage } from 'node:http';
import { type INestApplication, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { type AppConfig } from '@tracera/config';
import { LifecycleState } from '@tracera/observability';
import { RedisClients } from '@tracera/redis';
import { type Server, type ServerOptions } from 'socket.io';
import { originAllowed } from './socket-origin';
import { type SocketRedisAdapter, socketRedisAdapter } from './socket-redis-adapter';

export const SOCKET_PATH = '/socket.io';
const RECONNECT_SPREAD_MS = 2000;

/**
 * The gateway's Socket.IO server on the HTTP server's port: path `/socket.io`, WebSocket transport only (no
 * long-polling: no sticky sessions needed behind a load balancer), the browser Origin checked at the
 * upgrade, no new sockets once the node is draining (clients retry, reaching another replica), and the Redis
 * adapter so rooms span every gateway replica.
 */
export class SocketIoAdapter extends IoAdapter {
  private readonly logger = new Logger(SocketIoAdapter.name);
  private redis?: SocketRedisAdapter & { clients: RedisClients };

  constructor(
    private readonly app: INestApplication,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    if (!this.redis) {
      const clients = this.app.get(RedisClients);
      const redis = socketRedisAdapter(this.config, clients);
      if (redis) this.redis = { ...redis, clients };
    }
    const lifecycle = this.app.get(LifecycleState, { strict: false });
    const server = super.createIOServer(port, {
      ...options,
      path: SOCKET_PATH,
      transports: ['websocket'],
      serveClient: false,
      // Same ceiling as a JSON request body; a larger frame closes the connection.
      maxHttpBufferSize: this.config.http.bodyLimitBytes,
      allowRequest: (request: IncomingMessage, callback: (error: string | null, ok: boolean) => void) => {
        if (lifecycle.draining) return callback('shutting down', false);
        if (!originAllowed(request, this.config.http.corsOrigins)) {
          this.logger.debug(`socket refused from origin ${request.headers.origin}`);
          return callback('origin not allowed', false);
        }
        callback(null, true);
      },
      ...(this.redis ? { adapter: this.redis.adapter } : {}),
    }) as Server;
    this.redis?.onResubscribed(() => this.reconnectLocalSockets(server));
    return server;
  }

  /**
   * While this node's adapter was cut off from Redis it missed other nodes' pushes, and its sockets cannot
   * tell. Closing their transports makes each client reconnect and resync from its last seq (the
   * ARCHITECTURE §8 promise for a Redis outage); spread over RECONNECT_SPREAD_MS so they do not all return
   * in the same instant.
   */
  private reconnectLocalSockets(server: Server): void {
    const sockets = [...server.of('/').sockets.values()];
    this.logger.warn(`redis is back: ${sockets.length} sockets reconnect to resync what they missed`);
    for (const socket of sockets) {
      setTimeout(() => socket.conn.close(), Math.random() * RECONNECT_SPREAD_MS).unref();
    }
  }

  /** After the servers closed (their adapters unsubscribed): the adapter's connections go too. */
  override async dispose(): Promise<void> {
    const redis = this.redis;
    this.redis = undefined;
    if (redis) await Promise.all(redis.connections.map((connection) => redis.clients.release(connection)));
  }
}
