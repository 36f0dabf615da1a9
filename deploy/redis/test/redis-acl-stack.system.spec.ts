import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { promisify } from 'node:util';
import {
  createTestDatabase,
  REPO_ROOT,
  ServiceProcess,
  type ServiceName,
  sharedInfra,
} from '@tracera/testing';
import { ApiClient, type ApiResponse } from '../../../services/gateway/test/system/api-client';
import { runSmokeFlow, signIn } from '../../test/support/smoke-flow';
import { runMigrateJob } from '../../test/support/tracera-stack';
import {
  aclPasswordEnv,
  type AclUser,
  EntrypointRedis,
  serviceRedisEnv,
  testAclPasswords,
} from './support/entrypoint-redis';

const execFileAsync = promisify(execFile);
const BACKEND_SERVICES = ['auth', 'content', 'search-cache', 'messaging', 'analytics'] as const;

/** One ACL LOG entry, as `ACL LOG` returns it (flat key/value arrays). */
type AclLogEntry = Record<string, string | number>;

function parseAclLog(reply: unknown[]): AclLogEntry[] {
  return reply.map((entry) => {
    const fields = entry as (string | number)[];
    const parsed: AclLogEntry = {};
    for (let i = 0; i + 1 < fields.length; i += 2) parsed[String(fields[i])] = fields[i + 1];
    return parsed;
  });
}

/**
 * The production Redis layout (core from core.conf with the rendered ACL, cache from cache.conf), each of
 * the six services on its own ACL user as compose runs them, and a real flow end to end: nothing may be
 * denied, so the ACL holds every command and key each service uses.
 */
describe('core Redis ACL: the whole stack, each service as its own user', () => {
  const passwords = testAclPasswords();
  const cachePassword = `cache ${randomBytes(6).toString('hex')}`;
  const keyPrefix = `t${randomBytes(4).toString('hex')}:`;
  let core: EntrypointRedis;
  let cache: EntrypointRedis;
  let admin: Redis;
  const observerPassword = `observer-${randomBytes(6).toString('hex')}`;
  let cacheObserver: Redis;
  let filesDir: string;
  const processes: ServiceProcess[] = [];
  let gateways: ServiceProcess[] = [];
  let stackEnv: Record<string, string>;

  /** An admin job of the tools profile (same image, other script), as the ACL user compose gives it. */
  const runTool = async (service: ServiceName, script: string): Promise<string> => {
    const { stdout } = await execFileAsync(process.execPath, [join(REPO_ROOT, 'dist', script)], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...stackEnv, LOG_FORMAT: 'json', ...serviceRedisEnv(service, passwords) },
      timeout: 90_000,
    });
    return stdout;
  };

  beforeAll(async () => {
    core = await EntrypointRedis.start('acl-core', 'core-entrypoint.sh', {
      ...aclPasswordEnv(passwords),
      REDIS_KEY_PREFIX: keyPrefix,
    });
    // The cache has no admin user; the test adds one to read its ACL LOG (the services never use it).
    cache = await EntrypointRedis.start(
      'acl-cache',
      'cache-entrypoint.sh',
      { CACHE_REDIS_PASSWORD: cachePassword, CACHE_REDIS_MAXMEMORY: '32mb' },
      { extraArgs: ['--user', 'observer', 'on', `>${observerPassword}`, '~*', '&*', '+@all'] },
    );
    admin = core.connect('admin', passwords.admin);
    await admin.connect();
    cacheObserver = cache.connect('observer', observerPassword);
    await cacheObserver.connect();

    const databaseUrl = await createTestDatabase('redis-acl');
    filesDir = await mkdtemp(join(sharedInfra().scratchDir, 'redis-acl-files-'));
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_KEY_PREFIX: keyPrefix,
      REDIS_ADDR: core.address,
      // The cache Redis has only its default user: name it, or services would log in as their core user.
      CACHE_REDIS_ADDR: `redis://default@${cache.address}`,
      CACHE_REDIS_PASSWORD: cachePassword,
      FILES_DIR: filesDir,
      BOOKMARK_FETCH_METADATA: 'false',
      RATE_LIMIT_API: '100000/1m',
      SOCKET_SEND_RATE: '10000/10s',
    };
    stackEnv = env;
    await runMigrateJob(databaseUrl, env);
    const start = async (service: ServiceName, extra: Record<string, string> = {}) => {
      const proc = await ServiceProcess.start(service, {
        env: { ...env, ...serviceRedisEnv(service, passwords), ...extra },
      });
      processes.push(proc);
      await proc.waitReady(60_000);
      return proc;
    };
    const backends = await Promise.all(BACKEND_SERVICES.map((service) => start(service)));
    const content = backends[BACKEND_SERVICES.indexOf('content')];
    gateways = await Promise.all([1, 2].map(() => start('gateway', { CONTENT_INTERNAL_URL: content.url })));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(processes.map((proc) => proc.stop().catch(() => proc.kill9())));
    admin?.disconnect();
    cacheObserver?.disconnect();
    await Promise.all([core?.stop(), cache?.stop()]);
    if (filesDir) await rm(filesDir, { recursive: true, force: true });
  });

  it('serves sign-up, content, search, chat across two gateways, analytics and files with nothing denied', async () => {
    const result = await runSmokeFlow(gateways.map((gateway) => gateway.url));
    const [person] = result.people;
    const { api } = await signIn(gateways[1].url, person);
    const ok = async (response: Promise<ApiResponse<Record<string, unknown>>>, status = 200) => {
      const answer = await response;
      expect({ status: answer.status, text: answer.text.slice(0, 300) }).toMatchObject({ status });
      return answer.body;
    };

    // Login throttling counts a failure; sessions are listed; a task completion feeds streaks and challenges.
    expect(
      (
        await new ApiClient(gateways[0].url).post('/auth/login', {
          body: { login: person.username, password: 'wrong password' },
        })
      ).status,
    ).toBe(401);
    await ok(api.get('/auth/sessions'));
    const challenge = (await ok(
      api.post('/challenges', {
        body: {
          title: 'ACL week',
          metric: 'tasks_completed',
          target: 1,
          startsAt: new Date(Date.now() - 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          visibility: 'public',
        },
      }),
      201,
    )) as { challenge: { id: string } };
    await ok(api.patch(`/tasks/${result.task.id}`, { body: { status: 'done' } }));
    for (const path of [
      '/analytics/dashboard?range=7d',
      '/analytics/streak',
      '/analytics/heatmap',
      '/trending',
      '/recommendations',
    ]) {
      await ok(api.get(path));
    }
    await ok(api.get(`/challenges/${challenge.challenge.id}/leaderboard`));

    const bytes = randomBytes(4096);
    const form = new FormData();
    form.append('description', 'ACL check');
    form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'acl-check.bin');
    const uploaded = await fetch(`${gateways[0].url}/api/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${person.token}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const { file } = (await uploaded.json()) as { file: { id: string } };
    const download = await fetch(`${gateways[1].url}/api/v1/files/${file.id}/content`, {
      headers: { authorization: `Bearer ${person.token}` },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    await ok(api.post('/auth/logout'), 204);

    // The rebuild jobs of the tools profile run as the service's own user.
    expect(await runTool('analytics', 'services/analytics/src/rebuild/rebuild-analytics.main.js')).toMatch(
      /rebuilt|streaks/,
    );
    expect(
      await runTool('search-cache', 'services/search-cache/src/rebuild/rebuild-search-index.main.js'),
    ).toMatch(/search index rebuilt/);

    // Let consumers, relays, trimming and presence sweeps run on what the flow produced.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const readiness = await Promise.all(
      processes.map(async (proc) => [proc.service, (await proc.health('ready')).status]),
    );
    expect(readiness.every(([, status]) => status === 200)).toBe(true);

    // Nothing denied on either server: the eviction-policy check reads INFO memory, never CONFIG GET.
    const denials = async (redis: Redis) =>
      parseAclLog((await redis.call('ACL', 'LOG', '200')) as unknown[]).map(
        ({ username, reason, object, context }) => ({ username, reason, object, context }),
      );
    expect({ core: await denials(admin), cache: await denials(cacheObserver) }).toEqual({
      core: [],
      cache: [],
    });
    const deniedInLogs = processes.flatMap((proc) =>
      proc.logs
        .split('\n')
        .filter((line) => /NOPERM|WRONGPASS|NOAUTH/.test(line))
        .map((line) => `${proc.service}: ${line.slice(0, 300)}`),
    );
    expect(deniedInLogs).toEqual([]);

    // Each service really ran as its own user, and the cache served the cache role.
    const clients = String(await admin.call('CLIENT', 'LIST'));
    const users = new Set([...clients.matchAll(/ user=(\S+)/g)].map((match) => match[1]));
    const serviceUsers: AclUser[] = ['gateway', 'auth', 'content', 'search-cache', 'messaging', 'analytics'];
    expect(serviceUsers.filter((user) => !users.has(user))).toEqual([]);
    expect(users.has('default')).toBe(false);
    const cacheClients = String(await cacheObserver.call('CLIENT', 'LIST'));
    expect(cacheClients).toMatch(/ user=default /);
  });
});
