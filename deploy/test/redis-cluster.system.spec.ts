import { scanKeys, waitFor } from '@tracera/testing';
import Redis from 'ioredis';
import { type RedisTestProcess, startCluster } from '../../libs/redis/test/redis-test-servers';
import { ApiClient } from '../../services/gateway/test/system/api-client';
import {
  type ChatUser,
  connectAs,
  presenceOf,
  untilLive,
} from '../../services/gateway/test/system/chat-stack';
import { expectSmokeDataIntact, runSmokeFlow, signIn, type SmokeResult } from './support/smoke-flow';
import { runOneShot, startTraceraStack, type TraceraStack } from './support/tracera-stack';

/** Redis errors that mean a command or script was not written for Cluster. */
const CLUSTER_ERRORS = /CROSSSLOT|MOVED \d+|ASK \d+|CLUSTERDOWN|Keys in request don't hash to the same slot/;

async function withNode<T>(node: RedisTestProcess, run: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ host: '127.0.0.1', port: node.port, lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    return await run(redis);
  } finally {
    redis.disconnect();
  }
}

/**
 * The scale-out proof: every service as a built process, two gateway replicas, all on a
 * three-master Redis Cluster (core and cache roles both), running the smoke flow across the gateways.
 * Nothing may use the standalone address: `REDIS_ADDR` points at a port nobody listens on.
 */
describe('smoke flow on a three-master Redis Cluster (real processes, two gateways)', () => {
  let nodes: RedisTestProcess[] = [];

  beforeAll(async () => {
    nodes = await startCluster();
    await waitFor(
      async () => {
        const states = await Promise.all(
          nodes.map((node) => withNode(node, async (redis) => String(await redis.cluster('INFO')))),
        );
        return states.every((info) => info.includes('cluster_state:ok'));
      },
      { timeoutMs: 20_000, description: 'cluster_state:ok on every master' },
    );
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  });

  describe.each(['classic', 'sharded'] as const)('with the %s Socket.IO adapter', (adapter) => {
    let stack: TraceraStack;
    let result: SmokeResult;

    beforeAll(async () => {
      stack = await startTraceraStack({
        label: `smoke_cluster_${adapter}`,
        redisEnv: {
          REDIS_ADDR: '127.0.0.1:1',
          REDIS_CLUSTER_NODES: nodes.map((node) => node.address).join(','),
          SOCKET_REDIS_ADAPTER: adapter,
        },
      });
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it('signs in, creates, searches and chats live across both gateways, with keys on several masters', async () => {
      result = await runSmokeFlow(stack.gatewayUrls);
      await expectSmokeDataIntact(stack.gatewayUrls[1], result, { sessionsSurvive: true });

      const keysPerMaster = await Promise.all(
        nodes.map((node) => withNode(node, (redis) => scanKeys(redis, `${stack.keyPrefix}*`))),
      );
      const counts = keysPerMaster.map((keys) => keys.length);
      expect(counts.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2);

      const processes = [...Object.values(stack.services), ...stack.gateways];
      const clusterErrors = processes.flatMap((proc) =>
        proc.logs
          .split('\n')
          .filter((line) => CLUSTER_ERRORS.test(line))
          .map((line) => `${proc.service}: ${line.slice(0, 300)}`),
      );
      expect(clusterErrors).toEqual([]);

      const ready = (await stack.gateways[0].health('ready')).body;
      expect(JSON.stringify(ready)).toContain('cluster');
      process.stdout.write(
        `[redis-cluster ${adapter}] keys per master ${JSON.stringify(counts)}, stack ${JSON.stringify(
          stack.timings,
        )}, smoke ${JSON.stringify(result.timings)}\n`,
      );
    });

    it('keeps sessions, revocation, presence, typing, caches, analytics, throttling and the admin tools working', async () => {
      const [a, b] = stack.gatewayUrls;
      const [owner, member] = result.people;

      // A second session of the member, its socket on B; signing out everywhere through A reaches it.
      const { api: memberOnA, body: signedIn } = await signIn(a, member);
      const memberUser: ChatUser = { ...member, token: signedIn.token, api: memberOnA };
      const { api: ownerOnA, body: ownerSignedIn } = await signIn(a, owner);
      const ownerUser: ChatUser = { ...owner, token: ownerSignedIn.token, api: ownerOnA };
      const memberOnB = await connectAs(memberUser, [b], { pingEveryMs: 500, reconnect: false });
      const ownerOnASocket = await connectAs(ownerUser, [a], { reconnect: false });
      try {
        await untilLive(ownerOnASocket, result.conversationId, [memberOnB]);
        await waitFor(async () => (await presenceOf(ownerOnA, [member.id]))[member.id] === 'online', {
          timeoutMs: 10_000,
          description: 'the member online (socket on B) as seen through A',
        });
        await waitFor(
          async () => {
            await ownerOnASocket.typingIn(result.conversationId, true);
            return memberOnB.typing.some((t) => t.userId === owner.id && t.typing);
          },
          { timeoutMs: 10_000, intervalMs: 300, description: 'typing on A shown on B' },
        );

        const sessions = await memberOnA.get<{ items: { id: string }[] }>('/auth/sessions');
        expect(sessions.status).toBe(200);
        expect(sessions.body.items.length).toBeGreaterThanOrEqual(2);
        expect((await memberOnA.delete('/auth/sessions')).status).toBe(204);
        await memberOnB.waitUntil(() => memberOnB.revoked.length > 0 && !memberOnB.connected, 'revoked on B');
        for (const token of [signedIn.token, member.token]) {
          expect((await new ApiClient(b).get('/auth/me', { bearer: token })).status).toBe(401);
        }
        await waitFor(async () => (await presenceOf(ownerOnA, [member.id]))[member.id] === 'offline', {
          timeoutMs: 10_000,
          description: 'the member offline once their only socket was dropped',
        });
      } finally {
        memberOnB.close();
        ownerOnASocket.close();
      }

      // The search result cache (generation, entry and lock keys in one slot) answers the repeat.
      const query = `/search?q=${result.searchTerm}`;
      const first = await ownerOnA.get<{ items: { id: string }[]; cached: boolean }>(query);
      expect(first.body.items.map((item) => item.id)).toContain(result.bookmark.id);
      const again = await new ApiClient(b).get<{ cached: boolean }>(query, { bearer: ownerSignedIn.token });
      expect(again.body.cached).toBe(true);

      // Analytics counted the flow's activity (its leaderboards, streaks and trending live on the cluster).
      await waitFor(
        async () => {
          const dashboard = await ownerOnA.get<{ totals: Record<string, number> }>(
            '/analytics/dashboard?range=7d',
          );
          return (dashboard.body.totals?.bookmark_saved ?? 0) >= 1;
        },
        { timeoutMs: 20_000, description: 'the dashboard counting the bookmark' },
      );
      const streak = await ownerOnA.get<{ current: number }>('/analytics/streak');
      expect(streak.status).toBe(200);
      expect(streak.body.current).toBeGreaterThanOrEqual(1);

      // The `tools` profile's one-shot jobs run against the cluster too.
      const env = stack.env;
      expect(
        await runOneShot(
          'search-rebuild',
          'dist/services/search-cache/src/rebuild/rebuild-search-index.main.js',
          [],
          env,
        ),
      ).toMatch(/search index rebuilt: [1-9]\d* items/);
      expect(
        await runOneShot(
          'analytics-rebuild',
          'dist/services/analytics/src/rebuild/rebuild-analytics.main.js',
          [],
          env,
        ),
      ).toMatch(/analytics rebuilt from [1-9]\d* activity rows/);
      expect(
        await runOneShot(
          'dead-letters',
          'dist/libs/streams/src/admin/dead-letters.main.js',
          ['list', 'content'],
          env,
        ),
      ).toContain(`0 dead letters in ${stack.keyPrefix}{ev:content}`);
      await expectSmokeDataIntact(b, result);

      // Last, as it throttles 127.0.0.1: login failures counted in Redis are shared by both replicas.
      const stranger = `nobody_${Date.now()}`;
      for (let i = 0; i < 5; i++) {
        const failed = await new ApiClient(i % 2 ? b : a).post('/auth/login', {
          body: { login: stranger, password: 'wrong password!' },
        });
        expect(failed.status).toBe(401);
      }
      const throttled = await new ApiClient(b).post('/auth/login', {
        body: { login: stranger, password: 'wrong password!' },
      });
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });
});
