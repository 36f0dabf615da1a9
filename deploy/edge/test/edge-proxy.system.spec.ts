import { createHmac } from 'node:crypto';
import { request as httpRequest, createServer, type Server } from 'node:http';
import { clientEvents, type MessageView } from '@tracera/contracts';
import { freePort } from '@tracera/embedded-servers';
import { waitFor } from '@tracera/testing';
import { io, type Socket } from 'socket.io-client';
import { ApiClient } from '../../../services/gateway/test/system/api-client';
import { newAccount } from '../../../services/gateway/test/system/auth-stack';
import {
  type ChatStack,
  type ChatUser,
  createGroup,
  startChatStack,
} from '../../../services/gateway/test/system/chat-stack';
import { ARecordDnsServer } from './support/a-record-dns-server';
import { CaddyEdge } from './support/caddy-edge';
import { ReplicaForwarder } from './support/replica-forwarder';

const REPLICA_ADDRESSES = ['127.0.0.1', '127.0.0.2'];
const GATEWAY_NAME = 'gateway.edge.test';
const WEB_NAME = 'web.edge.test';
/** `refresh` of the Caddyfile's dynamic upstreams. */
const EDGE_DNS_REFRESH_MS = 5000;
/** The client's own address, distinct from the edge's (127.0.0.1), to see it arrive in X-Forwarded-For. */
const CLIENT_ADDRESS = '127.0.0.3';

/**
 * deploy/edge/Caddyfile under a real Caddy in front of two real gateway replicas. As in compose, both
 * replicas answer on one port under one DNS name with two A records (here a local DNS server, and
 * forwarders that give each gateway process its own loopback address on a shared port).
 */
describe('edge proxy (Caddy) in front of gateway replicas', () => {
  let stack: ChatStack;
  let dns: ARecordDnsServer;
  let edge: CaddyEdge;
  let gatewayPort: number;
  const forwarders: ReplicaForwarder[] = [];
  const webReplicas: Server[] = [];

  beforeAll(async () => {
    // The gateways believe X-Forwarded-For from the forwarders' address, as compose trusts its subnet.
    stack = await startChatStack({ label: 'edge', env: { TRUSTED_PROXIES: '127.0.0.1' } });
    gatewayPort = await freePort();
    const gateways = [stack.gatewayA, stack.gatewayB];
    for (const [index, host] of REPLICA_ADDRESSES.entries()) {
      forwarders.push(await ReplicaForwarder.start(host, gatewayPort, gateways[index].port));
    }
    const webPort = await freePort();
    for (const [index, host] of REPLICA_ADDRESSES.entries()) {
      webReplicas.push(await startWebReplica(host, webPort, `web replica ${index + 1}`));
    }
    dns = await ARecordDnsServer.start({ [GATEWAY_NAME]: REPLICA_ADDRESSES, [WEB_NAME]: REPLICA_ADDRESSES });
    edge = await CaddyEdge.start({
      TRACERA_GATEWAY_UPSTREAM_HOST: `${GATEWAY_NAME}.`,
      TRACERA_GATEWAY_UPSTREAM_PORT: String(gatewayPort),
      TRACERA_WEB_UPSTREAM_HOST: `${WEB_NAME}.`,
      TRACERA_WEB_UPSTREAM_PORT: String(webPort),
      // Caddy dials resolvers over TCP unless told otherwise; the test server speaks UDP.
      TRACERA_EDGE_RESOLVER: `udp/${dns.address}`,
    });
  });

  afterAll(async () => {
    await edge?.stop();
    await dns?.stop();
    await Promise.all(forwarders.map((forwarder) => forwarder.stop()));
    await Promise.all(webReplicas.map((server) => new Promise((resolve) => server.close(resolve))));
    await stack?.stop();
  });

  async function registerThroughEdge(label: string): Promise<ChatUser> {
    const account = newAccount(label);
    const api = new ApiClient(edge.apiUrl);
    const response = await api.post<{ user: { id: string }; token: string }>('/auth/register', {
      body: { ...account, displayName: `User ${account.username}` },
    });
    expect(response.status).toBe(201);
    return { ...account, id: response.body.user.id, token: response.body.token, api };
  }

  it('spreads API calls over both gateway replicas, found by DNS', async () => {
    const before = forwarders.map((forwarder) => forwarder.apiRequests);
    const user = await registerThroughEdge('edge');
    for (let call = 0; call < 23; call++) {
      const me = await user.api.get<{ user: { id: string } }>('/auth/me');
      expect({ status: me.status, id: me.body.user?.id }).toEqual({ status: 200, id: user.id });
    }
    const served = forwarders.map((forwarder, index) => forwarder.apiRequests - before[index]);
    expect(served.reduce((sum, count) => sum + count, 0)).toBe(24);
    // Round robin over the DNS answer, whose order may change at each refresh: a fair share, not an exact one.
    for (const count of served) expect(count).toBeGreaterThanOrEqual(24 / 4);
    expect(dns.answered.get(GATEWAY_NAME)).toBeGreaterThan(0);
  });

  it("passes the client's address to the gateway in X-Forwarded-For", async () => {
    const account = newAccount('xff');
    const registered = await postJsonFrom(CLIENT_ADDRESS, `${edge.apiUrl}/api/v1/auth/register`, {
      ...account,
      displayName: 'Forwarded',
    });
    expect(registered.status).toBe(201);
    const token = (registered.body as { token: string }).token;
    const sessions = await new ApiClient(edge.apiUrl).get<{ items: { ip: string | null }[] }>(
      '/auth/sessions',
      { bearer: token },
    );
    expect(sessions.status).toBe(200);
    expect(sessions.body.items.map((session) => session.ip)).toEqual([CLIENT_ADDRESS]);
  });

  it('carries Socket.IO over WebSocket to the replica the sticky cookie names, across replicas', async () => {
    const [alice, bob] = [await registerThroughEdge('alice'), await registerThroughEdge('bob')];
    const conversation = await createGroup(alice, [bob]);
    const upgradesBefore = forwarders.map((forwarder) => forwarder.websocketUpgrades);
    // Caddy's cookie policy names a replica by the HMAC of its dial address (empty secret).
    const aliceSocket = await connectPinned(alice.token, `${REPLICA_ADDRESSES[0]}:${gatewayPort}`);
    const bobSocket = await connectPinned(bob.token, `${REPLICA_ADDRESSES[1]}:${gatewayPort}`);
    try {
      expect(forwarders.map((forwarder, i) => forwarder.websocketUpgrades - upgradesBefore[i])).toEqual([
        1, 1,
      ]);
      const received: MessageView[] = [];
      bobSocket.on('message:created', (event: { message: MessageView }) => received.push(event.message));
      // The server puts a socket in its rooms just after the handshake: send until one arrives.
      const sent: string[] = [];
      await waitFor(
        async () => {
          const ack = (await aliceSocket.timeout(5000).emitWithAck(clientEvents.messageSend, {
            conversationId: conversation.id,
            body: `through the edge ${sent.length}`,
            clientId: crypto.randomUUID(),
          })) as { ok: boolean; message?: MessageView };
          if (ack.ok && ack.message) sent.push(ack.message.id);
          await new Promise((resolve) => setTimeout(resolve, 300));
          return received.some((message) => sent.includes(message.id));
        },
        { timeoutMs: 20_000, description: "alice's message pushed to bob on the other replica" },
      );
      expect(aliceSocket.io.engine.transport.name).toBe('websocket');
      expect(bobSocket.io.engine.transport.name).toBe('websocket');
    } finally {
      aliceSocket.disconnect();
      bobSocket.disconnect();
    }
  });

  it('follows DNS: a replica that leaves stops getting requests, one that joins starts getting them', async () => {
    const user = await registerThroughEdge('scale');
    const servedDuring = async (calls: number): Promise<number[]> => {
      const before = forwarders.map((forwarder) => forwarder.apiRequests);
      for (let call = 0; call < calls; call++) expect((await user.api.get('/auth/me')).status).toBe(200);
      return forwarders.map((forwarder, index) => forwarder.apiRequests - before[index]);
    };
    try {
      dns.setRecords(GATEWAY_NAME, [REPLICA_ADDRESSES[0]]);
      await untilEdgeResolvedAgain(user.api);
      expect(await servedDuring(6)).toEqual([6, 0]);
    } finally {
      dns.setRecords(GATEWAY_NAME, REPLICA_ADDRESSES);
    }
    await untilEdgeResolvedAgain(user.api);
    const served = await servedDuring(12);
    expect(served[0] + served[1]).toBe(12);
    expect(served[1]).toBeGreaterThanOrEqual(12 / 4);
  });

  it('retries on the other replica when one refuses connections', async () => {
    const user = await registerThroughEdge('failover');
    await forwarders[1].stop();
    try {
      const before = forwarders[0].apiRequests;
      for (let call = 0; call < 6; call++) expect((await user.api.get('/auth/me')).status).toBe(200);
      expect(forwarders[0].apiRequests - before).toBe(6);
    } finally {
      await forwarders[1].listen();
    }
  });

  it('serves the web port from both web replicas', async () => {
    const bodies = new Set<string>();
    for (let call = 0; call < 4; call++) {
      const response = await fetch(edge.webUrl);
      expect(response.status).toBe(200);
      bodies.add(await response.text());
    }
    expect([...bodies].sort()).toEqual(['web replica 1', 'web replica 2']);
  });

  /**
   * Caddy resolves `dynamic a` upstreams on the request that finds its cached answer older than `refresh`,
   * before proxying it: once a request has caused a new DNS answer, every later request uses that answer.
   */
  async function untilEdgeResolvedAgain(api: ApiClient): Promise<void> {
    const answeredBefore = dns.answered.get(GATEWAY_NAME) ?? 0;
    await waitFor(
      async () => {
        expect((await api.get('/auth/me')).status).toBe(200);
        return (dns.answered.get(GATEWAY_NAME) ?? 0) > answeredBefore;
      },
      {
        timeoutMs: EDGE_DNS_REFRESH_MS * 3,
        intervalMs: 250,
        description: 'the edge resolving the gateways again',
      },
    );
  }

  function connectPinned(token: string, replicaDial: string): Promise<Socket> {
    const cookie = `tracera_lb=${createHmac('sha256', '').update(replicaDial).digest('hex')}`;
    const socket = io(edge.apiUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token },
      extraHeaders: { cookie },
      reconnection: false,
      forceNew: true,
      timeout: 5000,
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => {
        socket.disconnect();
        reject(error);
      });
    });
  }
});

/** A stand-in web replica bound to one loopback address, answering with its name. */
function startWebReplica(host: string, port: number, name: string): Promise<Server> {
  const server = createServer((_request, response) => response.end(name));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

/** POSTs JSON from a chosen local address (fetch cannot pick one). */
function postJsonFrom(
  localAddress: string,
  url: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: 15_000,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
