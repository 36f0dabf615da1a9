import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runMigrations } from '@tracera/db';
import { type EmbeddedRedis, freePort } from '@tracera/embedded-servers';
import {
  createTestDatabase,
  REPO_ROOT,
  ServiceProcess,
  startThrowawayRedis,
  waitFor,
} from '@tracera/testing';
import { authDatabase } from '../../../services/auth/src/database/auth.database';

// The file the image copies to /healthcheck (built by `npm run build`, which system tests need anyway).
const HEALTHCHECK = join(REPO_ROOT, 'dist', 'deploy', 'docker', 'src', 'healthcheck.js');

interface HealthcheckRun {
  code: number | null;
  stderr: string;
  elapsedMs: number;
}

/** Runs the compiled health check as the container runtime would, with only the given environment. */
function runHealthcheck(env: Record<string, string>): Promise<HealthcheckRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // The shebang's /nodejs/bin/node exists only in the image; here the same file runs under this node.
    const child = spawn(process.execPath, [HEALTHCHECK], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr, elapsedMs: Date.now() - started }));
  });
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('/healthcheck executable against a real service', () => {
  let redis: EmbeddedRedis;
  let auth: ServiceProcess;

  beforeAll(async () => {
    // A Redis of this test's own: stopping it is how the service becomes not ready.
    redis = await startThrowawayRedis();
    const databaseUrl = await createTestDatabase('healthcheck');
    await runMigrations(databaseUrl, [authDatabase], quiet);
    auth = await ServiceProcess.startReady(
      'auth',
      {
        env: {
          REDIS_ADDR: redis.address,
          REDIS_KEY_PREFIX: `hc${randomBytes(3).toString('hex')}:`,
          DATABASE_URL: databaseUrl,
          HEALTH_CHECK_TIMEOUT: '500ms',
        },
      },
      40_000,
    );
  });

  afterAll(async () => {
    await auth?.stop().catch(() => auth.kill9());
    await redis?.stop();
  });

  it('starts with the shebang of the distroless node, so the image can exec it without a shell', () => {
    const firstLine = readFileSync(HEALTHCHECK, 'utf8').split('\n')[0];
    expect(firstLine).toBe('#!/nodejs/bin/node');
  });

  it('exits 0 and prints nothing while the service is ready', async () => {
    const run = await runHealthcheck({ PORT: String(auth.port) });
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });

  it('prefers HEALTHCHECK_URL to PORT, and exits 1 naming the problem when it has no port at all', async () => {
    const run = await runHealthcheck({ HEALTHCHECK_URL: `${auth.url}/health/ready`, PORT: '1' });
    expect(run.code).toBe(0);
    const missing = await runHealthcheck({});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^healthcheck: PORT is not set/);
  });

  it('exits 1 when the service answers 503 because its Redis is down', async () => {
    await redis.stop();
    await waitFor(async () => (await auth.health('ready').catch(() => ({ status: 0 }))).status === 503, {
      timeoutMs: 15_000,
      description: 'auth /health/ready to answer 503 with its Redis stopped',
    });
    const run = await runHealthcheck({ PORT: String(auth.port) });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`healthcheck: http://127.0.0.1:${auth.port}/health/ready answered 503\n`);
  });

  it('exits 1 once the service is stopped', async () => {
    await auth.stop();
    const run = await runHealthcheck({ PORT: String(auth.port) });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`healthcheck: http://127.0.0.1:${auth.port}/health/ready: ECONNREFUSED\n`);
  });

  describe('against a server that accepts connections but never answers', () => {
    let silent: Server;
    const sockets = new Set<Socket>();
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      silent = createServer((socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it('gives up after its 3 s timeout and exits 1 (well inside the image HEALTHCHECK --timeout=5s)', async () => {
      const run = await runHealthcheck({ PORT: String(port) });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `healthcheck: http://127.0.0.1:${port}/health/ready did not answer within 3000 ms\n`,
      );
      expect(run.elapsedMs).toBeGreaterThanOrEqual(3000);
      // The 3 s deadline plus a node start-up, which a loaded 2-core machine can stretch.
      expect(run.elapsedMs).toBeLessThan(8000);
    });

    it('never prints credentials or query strings of HEALTHCHECK_URL', async () => {
      const run = await runHealthcheck({
        HEALTHCHECK_URL: `http://probe:hunter2-secret@127.0.0.1:${port}/health/ready?token=hunter2-secret`,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).not.toContain('hunter2');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  });
});
