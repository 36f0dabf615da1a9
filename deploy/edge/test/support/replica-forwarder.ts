import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * Listens on one loopback address and pipes every connection to a gateway process on another port, so
 * two gateways (which bind 0.0.0.0 on their own ports) look like two replicas on one port at two
 * addresses, as compose runs them. It reads the plain HTTP it forwards to count what reached this replica.
 */
export class ReplicaForwarder {
  /** HTTP requests under /api/ that went to this replica. */
  apiRequests = 0;
  /** Socket.IO WebSocket upgrades that went to this replica. */
  websocketUpgrades = 0;
  private readonly sockets = new Set<Socket>();

  private server?: Server;

  private constructor(
    readonly host: string,
    readonly port: number,
    private readonly targetPort: number,
  ) {}

  static async start(host: string, port: number, targetPort: number): Promise<ReplicaForwarder> {
    const forwarder = new ReplicaForwarder(host, port, targetPort);
    await forwarder.listen();
    return forwarder;
  }

  /** Accepts connections (again): the replica is up. */
  async listen(): Promise<void> {
    const server = createServer((client) => this.pipe(client, this.targetPort));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.host, port: this.port, exclusive: true }, () => resolve());
    });
    this.server = server;
  }

  /** Closes the port and every connection: to the edge the replica is down (connection refused). */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private pipe(client: Socket, targetPort: number): void {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => this.count(chunk.toString('latin1')));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  private count(text: string): void {
    this.apiRequests += (text.match(/^(GET|POST|PUT|PATCH|DELETE) \/api\//gm) ?? []).length;
    if (/^GET \/socket\.io\/[^\r\n]*transport=websocket/m.test(text) && /^upgrade: websocket/im.test(text)) {
      this.websocketUpgrades += 1;
    }
  }
}
