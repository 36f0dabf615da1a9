import {
  createTestDatabase,
  SERVICE_NAMES,
  ServiceProcess,
  sharedInfra,
  startThrowawayPostgres,
  startThrowawayRedis,
  waitFor,
} from '@tracera/testing';

/** Every service, built and started as production runs it, against real Redis and PostgreSQL. */
describe('service boot (real processes)', () => {
  let databaseUrl: string;
  const started: ServiceProcess[] = [];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('boot');
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((proc) => proc.stop().catch(() => proc.kill9())));
  });

  it('starts all six services and each reports ready, with Redis and Postgres named', async () => {
    const env = { REDIS_ADDR: sharedInfra().redisAddress, DATABASE_URL: databaseUrl };
    const services = await Promise.all(
      SERVICE_NAMES.map((name) => ServiceProcess.startReady(name, { env }, 40_000)),
    );
    started.push(...services);
    for (const service of services) {
      const ready = await service.health('ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ok',
        info: { redis: { status: 'up' }, postgres: { status: 'up' } },
      });
      expect((await service.health('live')).body).toMatchObject({ status: 'ok', service: service.service });
    }
  });

  it('serves Prometheus metrics labelled with the service', async () => {
    const auth = await ServiceProcess.startReady('auth', {
      env: { REDIS_ADDR: sharedInfra().redisAddress, DATABASE_URL: databaseUrl },
    });
    started.push(auth);
    await auth.health('ready');
    const text = await (await fetch(`${auth.url}/metrics`)).text();
    expect(text).toMatch(/process_cpu_user_seconds_total\{service="auth"\}/);
    const readyCount = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('http_server_request_duration_seconds_count{') && l.includes('route="/health/ready"'),
      );
    expect(readyCount).toContain('service="auth"');
    expect(Number(readyCount?.split(' ').pop())).toBeGreaterThanOrEqual(1);
  });

  it('logs JSON lines with the request id it echoes, and never the credentials', async () => {
    const content = await ServiceProcess.startReady('content', {
      env: { REDIS_ADDR: sharedInfra().redisAddress, DATABASE_URL: databaseUrl },
    });
    started.push(content);
    const response = await fetch(`${content.url}/no-such-route`, {
      headers: { 'x-request-id': 'req-test-42', authorization: 'Bearer very-secret-token' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('req-test-42');
    await waitFor(() => content.logs.includes('req-test-42'), { description: 'the request log line' });
    const line = content.logs.split('\n').find((l) => l.includes('req-test-42'))!;
    const entry = JSON.parse(line) as { service: string; req: { id: string }; correlationId: string };
    expect(entry).toMatchObject({
      service: 'content',
      req: { id: 'req-test-42' },
      correlationId: 'req-test-42',
    });
    expect(content.logs).not.toContain('very-secret-token');
  });

  it.each([
    ['REDIS_ADDR', ''],
    ['DATABASE_URL', 'nonsense'],
    ['REDIS_DB', '42'],
  ])('refuses to start with %s=%p and names the variable', async (variable, value) => {
    const proc = await ServiceProcess.start('gateway', { env: { [variable]: value } });
    started.push(proc);
    const exit = await proc.waitForExit();
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(proc.logs).toContain(variable);
    expect(proc.logs).toMatch(/invalid configuration/);
  });

  it('turns every service not-ready within 5 s when Redis stops, and ready again when it returns, without a restart', async () => {
    const redis = await startThrowawayRedis();
    try {
      const env = { REDIS_ADDR: redis.address, DATABASE_URL: databaseUrl };
      const services = await Promise.all(
        SERVICE_NAMES.map((name) => ServiceProcess.startReady(name, { env }, 40_000)),
      );
      started.push(...services);
      const pids = services.map((s) => s.pid);
      await redis.stop();
      const stoppedAt = Date.now();
      await Promise.all(
        services.map((service) =>
          waitFor(async () => (await service.health('ready')).status === 503, {
            timeoutMs: 5000,
            intervalMs: 100,
            description: `${service.service} readiness 503 after Redis stopped`,
          }),
        ),
      );
      expect(Date.now() - stoppedAt).toBeLessThan(5000);
      for (const service of services) {
        expect((await service.health('ready')).body).toMatchObject({
          status: 'error',
          error: { redis: { status: 'down' } },
        });
        expect((await service.health('live')).status).toBe(200);
      }

      await redis.start();
      await Promise.all(
        services.map((service) =>
          waitFor(async () => (await service.health('ready')).status === 200, {
            timeoutMs: 15_000,
            description: `${service.service} readiness 200 after Redis returned`,
          }),
        ),
      );
      expect(services.map((s) => s.pid)).toEqual(pids);
      expect(services.every((s) => !s.exited)).toBe(true);
    } finally {
      await redis.stop();
    }
  });

  it('starts while Postgres is down, reports it, and becomes ready when it comes up', async () => {
    const postgres = await startThrowawayPostgres();
    const url = postgres.url();
    await postgres.stop();
    try {
      const messaging = await ServiceProcess.start('messaging', {
        env: { REDIS_ADDR: sharedInfra().redisAddress, DATABASE_URL: url },
      });
      started.push(messaging);
      await waitFor(
        async () => (await messaging.health('ready').catch(() => ({ status: 0 }))).status === 503,
        {
          timeoutMs: 20_000,
          description: 'messaging answering 503 while Postgres is down',
        },
      );
      expect((await messaging.health('ready')).body).toMatchObject({
        error: { postgres: { status: 'down' } },
      });
      await postgres.start();
      await messaging.waitReady(20_000);
    } finally {
      await postgres.stop();
    }
  });

  it('drains and exits 0 on SIGTERM within the shutdown deadline', async () => {
    const analytics = await ServiceProcess.startReady('analytics', {
      env: { REDIS_ADDR: sharedInfra().redisAddress, DATABASE_URL: databaseUrl, SHUTDOWN_TIMEOUT: '5s' },
    });
    const before = Date.now();
    const exit = await analytics.stop(6000);
    expect(exit.code).toBe(0);
    expect(Date.now() - before).toBeLessThan(5000);
    expect(analytics.logs).toMatch(/SIGTERM received: draining/);
  });
});
