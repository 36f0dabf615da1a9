import { performance } from 'node:perf_hooks';
import { runMigrations } from '@tracera/db';
import { io, type Socket } from 'socket.io-client';
import { authDatabase } from '../../services/auth/src/database/auth.database';
import { messagingDatabase } from '../../services/messaging/src/database/messaging.database';
import { type BenchContext } from '../bench-context';
import { BenchProcess } from '../bench-process';
import { percentile } from '../bench-report';
import { type BenchSuite } from './bench-suite';

// 1,000 socket.io clients spread over two gateway replicas, in 50 conversations of 20 sockets (4 users with
// 5 sockets each). In every conversation SENDERS sockets (on alternating replicas) each keep one message in
// flight: send, wait until their own socket receives it back through the room, send the next. Every socket
// of the room, the sender's included, counts each receipt as a delivery. The same shape runs against the
// baseline, raw socket.io + redis-adapter broadcasting straight to the room (no auth, no storage, no
// outbox, no stream), in the same run. A second, paced phase on the same sockets sends a fixed
// PACED_RATE messages per second into every room (a load both sides sustain), so its latency is the
// path's, not a queue's. Overridable: BENCH_CHAT_CLIENTS, BENCH_CHAT_CONVERSATIONS, BENCH_CHAT_SENDERS,
// BENCH_CHAT_WARMUP_SECONDS, BENCH_CHAT_SECONDS, BENCH_CHAT_PACED_RATE, BENCH_CHAT_PACED_SECONDS.

const SUITE = 'chat-fanout';
const USERS_PER_CONVERSATION = 4;
const P99_TARGET_MS = 100;
const ECHO_TIMEOUT_MS = 10_000;
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

interface Shape {
  clients: number;
  conversations: number;
  senders: number;
  warmupSeconds: number;
  measureSeconds: number;
  /** Messages per second per room in the paced phase. */
  pacedRate: number;
  pacedSeconds: number;
}

function readShape(): Shape {
  return {
    clients: setting('BENCH_CHAT_CLIENTS', 1000),
    conversations: setting('BENCH_CHAT_CONVERSATIONS', 50),
    senders: setting('BENCH_CHAT_SENDERS', 2),
    warmupSeconds: setting('BENCH_CHAT_WARMUP_SECONDS', 5),
    measureSeconds: setting('BENCH_CHAT_SECONDS', 15),
    pacedRate: setting('BENCH_CHAT_PACED_RATE', 2),
    pacedSeconds: setting('BENCH_CHAT_PACED_SECONDS', 10),
  };
}

interface Figures {
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Sends whose echo did not come back within ECHO_TIMEOUT_MS. */
  lost: number;
  /** Sends answered with an error acknowledgement. */
  refused: number;
  /** Send → acknowledgement (stored, for ours): splits the latency into accepting and fanning out. */
  ackP50Ms: number;
  ackP99Ms: number;
  /** The paced phase: deliveries/s and send→receive latency at a fixed offered load. */
  paced: {
    deliveriesPerSecond: number;
    p50Ms: number;
    p99Ms: number;
    ackP50Ms: number;
    ackP99Ms: number;
    lost: number;
  };
}

/** One conversation (or raw room) as the load sees it. */
interface Room {
  id: string;
  sockets: Socket[];
}

/** How one side sends: ours `message:send {conversationId, body, clientId}`, raw `send {room, body}`. */
type SendFn = (
  socket: Socket,
  roomId: string,
  body: string,
  clientId: string,
  onAck: (ok: boolean) => void,
) => void;

function connectSocket(url: string, auth: Record<string, string>): Promise<Socket> {
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth,
    forceNew: true,
    reconnection: false,
    timeout: 20_000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(new Error(`${url}: ${error.message}`));
    });
  });
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function inBatches<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Drives the closed-loop load over `rooms` and measures deliveries in the measuring window: every
 * `message:created` a socket receives whose body is a bench message; latency is receipt time minus the
 * send time carried in the body (one process, one clock).
 */
async function drive(rooms: Room[], send: SendFn, shape: Shape): Promise<Figures> {
  const waiting = new Map<string, () => void>();
  const live = new Set<Socket>();
  let measuring = false;
  let deliveries = 0;
  const latencies: number[] = [];
  const ackLatencies: number[] = [];
  let refused = 0;
  for (const room of rooms) {
    for (const socket of room.sockets) {
      socket.on('message:created', (event: { message?: { body?: string } }) => {
        const received = performance.now();
        live.add(socket);
        const body = event.message?.body ?? '';
        if (!body.startsWith('bench|')) return;
        const [, loop, n, sentAt] = body.split('|');
        if (measuring) {
          deliveries += 1;
          latencies.push(received - Number(sentAt));
        }
        const key = `${loop}|${n}`;
        const wake = waiting.get(key);
        if (wake && socket.id === loop.split('@')[1]) wake();
      });
    }
  }

  // Every socket must be in its room before the clock starts: probe each room until all its sockets hear.
  const deadline = Date.now() + 120_000;
  for (let probe = 0; rooms.some((room) => room.sockets.some((s) => !live.has(s))); probe++) {
    if (Date.now() > deadline) throw new Error(`${SUITE}: sockets never received a probe in their room`);
    for (const room of rooms) {
      if (room.sockets.every((s) => live.has(s))) continue;
      send(room.sockets[0], room.id, `probe|${probe}`, `probe-${room.id}-${probe}`, () => undefined);
    }
    await sleep(1000);
  }

  let stopped = false;
  let lost = 0;
  const loops = rooms.flatMap((room) =>
    Array.from({ length: shape.senders }, async (_, k) => {
      // Alternate sockets 0, 1, … are on alternating replicas.
      const socket = room.sockets[k % room.sockets.length];
      const loop = `${room.id.slice(0, 8)}-${k}@${socket.id}`;
      for (let n = 1; !stopped; n++) {
        const echoed = new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => {
            waiting.delete(`${loop}|${n}`);
            resolve(false);
          }, ECHO_TIMEOUT_MS);
          waiting.set(`${loop}|${n}`, () => {
            clearTimeout(timer);
            waiting.delete(`${loop}|${n}`);
            resolve(true);
          });
        });
        const sentAt = performance.now();
        send(socket, room.id, `bench|${loop}|${n}|${sentAt.toFixed(3)}`, `${loop}-${n}`, (ok) => {
          if (!measuring) return;
          if (ok) ackLatencies.push(performance.now() - sentAt);
          else refused += 1;
        });
        if (!(await echoed)) lost += 1;
      }
    }),
  );
  await sleep(shape.warmupSeconds * 1000);
  measuring = true;
  const started = performance.now();
  await sleep(shape.measureSeconds * 1000);
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  stopped = true;
  await Promise.all(loops);
  const closedDeliveries = deliveries;
  const closedLatencies = latencies.splice(0).sort((x, y) => x - y);
  ackLatencies.sort((x, y) => x - y);

  // Paced: every room gets PACED_RATE messages a second from alternating sockets, whatever the answers.
  deliveries = 0;
  const expected = new Set<string>();
  const pacedAcks: number[] = [];
  measuring = true;
  const pacedStarted = performance.now();
  const intervalMs = 1000 / shape.pacedRate;
  let tick = 0;
  while (performance.now() - pacedStarted < shape.pacedSeconds * 1000) {
    tick += 1;
    for (const room of rooms) {
      const socket = room.sockets[tick % room.sockets.length];
      const loop = `${room.id.slice(0, 8)}-paced@${socket.id}`;
      expected.add(`${loop}|${tick}`);
      waiting.set(`${loop}|${tick}`, () => {
        waiting.delete(`${loop}|${tick}`);
        expected.delete(`${loop}|${tick}`);
      });
      const sentAt = performance.now();
      send(socket, room.id, `bench|${loop}|${tick}|${sentAt.toFixed(3)}`, `${loop}-${tick}`, () =>
        pacedAcks.push(performance.now() - sentAt),
      );
    }
    await sleep(Math.max(0, pacedStarted + tick * intervalMs - performance.now()));
  }
  const pacedSeconds = (performance.now() - pacedStarted) / 1000;
  // Late echoes still count for latency; what has not come back within the echo timeout is lost.
  const settle = Date.now() + ECHO_TIMEOUT_MS;
  while (expected.size > 0 && Date.now() < settle) await sleep(100);
  measuring = false;
  const pacedLatencies = latencies.sort((x, y) => x - y);
  pacedAcks.sort((x, y) => x - y);
  return {
    paced: {
      deliveriesPerSecond: deliveries / pacedSeconds,
      p50Ms: percentile(pacedLatencies, 50),
      p99Ms: percentile(pacedLatencies, 99),
      ackP50Ms: percentile(pacedAcks, 50),
      ackP99Ms: percentile(pacedAcks, 99),
      lost: expected.size,
    },
    deliveriesPerSecond: closedDeliveries / seconds,
    p50Ms: percentile(closedLatencies, 50),
    p99Ms: percentile(closedLatencies, 99),
    lost,
    refused,
    ackP50Ms: percentile(ackLatencies, 50),
    ackP99Ms: percentile(ackLatencies, 99),
  };
}

/** Baseline: two raw socket.io servers with the Redis adapter; each client joins its room at the handshake. */
async function rawBroadcast(context: BenchContext, shape: Shape): Promise<Figures> {
  const env = { REDIS_PORT: String(context.redis.port), ADAPTER_KEY: 'bench-chat-raw' };
  const servers = [
    await BenchProcess.fixture('raw-socketio-broadcast.server', env),
    await BenchProcess.fixture('raw-socketio-broadcast.server', env),
  ];
  const sockets: Socket[] = [];
  try {
    await Promise.all(servers.map((server) => server.waitFor('/health')));
    const perRoom = Math.floor(shape.clients / shape.conversations);
    const rooms: Room[] = Array.from({ length: shape.conversations }, (_, r) => ({
      id: `room-${r}`,
      sockets: [],
    }));
    const slots = rooms.flatMap((room) => Array.from({ length: perRoom }, (_, i) => ({ room, i })));
    await inBatches(slots, 50, async ({ room, i }) => {
      const socket = await connectSocket(servers[i % 2].url, { room: room.id });
      sockets.push(socket);
      room.sockets[i] = socket;
    });
    const send: SendFn = (socket, roomId, body, clientId, onAck) =>
      socket.emit('send', { room: roomId, body, clientId }, (ack: { ok?: boolean }) =>
        onAck(ack?.ok === true),
      );
    return await drive(rooms, send, shape);
  } finally {
    for (const socket of sockets) socket.close();
    await Promise.all(servers.map((server) => server.stop()));
  }
}

interface Registered {
  id: string;
  token: string;
}

async function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (response.status !== 201)
    throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Ours: auth, messaging and two gateway replicas, built, as real processes; the clients sign in with tokens. */
async function chatGateways(context: BenchContext, shape: Shape): Promise<Figures> {
  const databaseUrl = await context.postgres.createDatabase('bench_chat_fanout');
  await runMigrations(databaseUrl, [authDatabase, messagingDatabase], quiet);
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    REDIS_ADDR: context.redis.address,
    REDIS_KEY_PREFIX: 'bench-chat:',
    DATABASE_URL: databaseUrl,
    // Neither limit is under test: the load would trip both within a second.
    RATE_LIMIT_API: '100000000/1m',
    SOCKET_SEND_RATE: '100000000/1m',
    // The clients send no presence:ping; their presence must not expire (and be announced) mid-run.
    PRESENCE_TTL: '1h',
  };
  const auth = await BenchProcess.service('auth', env);
  const messaging = await BenchProcess.service('messaging', env);
  const gateways = [await BenchProcess.service('gateway', env), await BenchProcess.service('gateway', env)];
  const processes = [auth, messaging, ...gateways];
  const sockets: Socket[] = [];
  try {
    await Promise.all(processes.map((proc) => proc.waitFor('/health/ready')));
    const api = `${gateways[0].url}/api/v1`;
    const userCount = shape.conversations * USERS_PER_CONVERSATION;
    console.error(`bench: ${SUITE}: registering ${userCount} users…`);
    const users = await inBatches(
      Array.from({ length: userCount }, (_, i) => i),
      4,
      async (i) => {
        const answer = await postJson<{ user: { id: string }; token: string }>(`${api}/auth/register`, {
          email: `chat${i}@example.test`,
          username: `chat_bench_${i}`,
          password: `violet kestrel over tundra ${i}`,
        });
        return { id: answer.user.id, token: answer.token } satisfies Registered;
      },
    );
    const rooms: Room[] = await inBatches(
      Array.from({ length: shape.conversations }, (_, r) => r),
      4,
      async (r) => {
        const [owner, ...others] = users.slice(r * USERS_PER_CONVERSATION, (r + 1) * USERS_PER_CONVERSATION);
        const answer = await postJson<{ conversation: { id: string } }>(
          `${api}/conversations`,
          { type: 'group', title: `bench ${r}`, memberIds: others.map((u) => u.id) },
          owner.token,
        );
        return { id: answer.conversation.id, sockets: [] };
      },
    );
    console.error(`bench: ${SUITE}: connecting ${shape.clients} sockets…`);
    const perRoom = Math.floor(shape.clients / shape.conversations);
    const slots = rooms.flatMap((room, r) => Array.from({ length: perRoom }, (_, i) => ({ room, r, i })));
    await inBatches(slots, 50, async ({ room, r, i }) => {
      const user = users[r * USERS_PER_CONVERSATION + (i % USERS_PER_CONVERSATION)];
      const socket = await connectSocket(gateways[i % 2].url, { token: user.token });
      sockets.push(socket);
      room.sockets[i] = socket;
    });
    const send: SendFn = (socket, roomId, body, clientId, onAck) =>
      socket.emit('message:send', { conversationId: roomId, body, clientId }, (ack: { ok?: boolean }) =>
        onAck(ack?.ok === true),
      );
    return await drive(rooms, send, shape);
  } finally {
    for (const socket of sockets) socket.close();
    await Promise.all(processes.map((proc) => proc.stop()));
  }
}

function report(side: string, figures: Figures): void {
  console.error(
    `bench: ${SUITE}: ${side}: ${figures.deliveriesPerSecond.toFixed(0)} deliveries/s, ` +
      `p50 ${figures.p50Ms.toFixed(1)} ms, p99 ${figures.p99Ms.toFixed(1)} ms ` +
      `(send→ack p50 ${figures.ackP50Ms.toFixed(1)} ms, p99 ${figures.ackP99Ms.toFixed(1)} ms), ` +
      `${figures.lost} sends not echoed within ${ECHO_TIMEOUT_MS} ms, ${figures.refused} refused; ` +
      `paced: ${figures.paced.deliveriesPerSecond.toFixed(0)} deliveries/s, p50 ${figures.paced.p50Ms.toFixed(1)} ms, ` +
      `p99 ${figures.paced.p99Ms.toFixed(1)} ms (send→ack p50 ${figures.paced.ackP50Ms.toFixed(1)} ms, ` +
      `p99 ${figures.paced.ackP99Ms.toFixed(1)} ms), ${figures.paced.lost} lost`,
  );
}

export const chatFanoutBench: BenchSuite = {
  name: SUITE,
  async run(context: BenchContext) {
    const shape = readShape();
    const perRoom = Math.floor(shape.clients / shape.conversations);
    const label = `${perRoom * shape.conversations} clients, 2 nodes, ${shape.conversations} rooms`;
    console.error(
      `bench: ${SUITE}: ${label} of ${perRoom}, ${shape.senders} closed-loop senders per room; ` +
        `${shape.warmupSeconds} s warm-up + ${shape.measureSeconds} s measured, raw socket.io + redis-adapter first`,
    );
    const raw = await rawBroadcast(context, shape);
    report('raw', raw);
    const ours = await chatGateways(context, shape);
    report('ours', ours);
    return [
      {
        suite: SUITE,
        metric: `deliveries/s, ${label} vs raw socket.io+redis-adapter`,
        unit: 'deliveries/s',
        ours: ours.deliveriesPerSecond,
        baseline: raw.deliveriesPerSecond,
        target: { op: '>=', ratio: 0.7 },
      },
      {
        suite: SUITE,
        metric: 'send→receive p50',
        unit: 'ms',
        ours: ours.p50Ms,
        baseline: raw.p50Ms,
      },
      {
        suite: SUITE,
        metric: `send→receive p99 (absolute target < ${P99_TARGET_MS} ms ${ours.p99Ms < P99_TARGET_MS ? 'met' : 'MISSED'})`,
        unit: 'ms',
        ours: ours.p99Ms,
        baseline: raw.p99Ms,
      },
      {
        suite: SUITE,
        metric: `paced ${shape.pacedRate}/s per room: deliveries/s`,
        unit: 'deliveries/s',
        ours: ours.paced.deliveriesPerSecond,
        baseline: raw.paced.deliveriesPerSecond,
      },
      {
        suite: SUITE,
        metric: `paced send→receive p50`,
        unit: 'ms',
        ours: ours.paced.p50Ms,
        baseline: raw.paced.p50Ms,
      },
      {
        suite: SUITE,
        metric: `paced send→receive p99 (absolute target < ${P99_TARGET_MS} ms ${ours.paced.p99Ms < P99_TARGET_MS ? 'met' : 'MISSED'})`,
        unit: 'ms',
        ours: ours.paced.p99Ms,
        baseline: raw.paced.p99Ms,
      },
    ];
  },
};
