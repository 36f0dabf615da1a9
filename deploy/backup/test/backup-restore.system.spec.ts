import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { type MessageView } from '@tracera/contracts';
import {
  EmbeddedPostgres,
  EmbeddedRedis,
  ensurePostgresBinaries,
  ensureRedisBinaries,
} from '@tracera/embedded-servers';
import {
  REPO_ROOT,
  ServiceProcess,
  sharedInfra,
  startThrowawayPostgres,
  startThrowawayRedis,
  waitFor,
} from '@tracera/testing';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { ApiClient } from '../../../services/gateway/test/system/api-client';
import { storedMessages } from '../../../services/gateway/test/system/chat-stack';
import { expectSmokeDataIntact, runSmokeFlow, signIn, type SmokeResult } from '../../test/support/smoke-flow';
import {
  aclPasswordEnv,
  aclRulesOf,
  renderUsersAcl,
  testAclPasswords,
} from '../../redis/test/support/entrypoint-redis';

jest.setTimeout(420_000);

const BACKUP_SCRIPT = join(REPO_ROOT, 'deploy', 'backup', 'backup.sh');
const RESTORE_SCRIPT = join(REPO_ROOT, 'deploy', 'backup', 'restore.sh');
const BACKENDS = ['auth', 'content', 'search-cache', 'messaging', 'analytics'] as const;
const BACKUP_PASSWORD = `backup-${randomBytes(6).toString('hex')}`;

interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the scripts with /bin/sh, as the backup container does, with pg_dump & co on PATH. */
/** PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE of a postgres:// URL. */
function libpqEnvironment(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl);
  return {
    PGHOST: url.hostname,
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: url.pathname.replace(/^\//, ''),
  };
}

function runScript(script: string, args: string[], env: Record<string, string>): Promise<ScriptResult> {
  const postgresBin = dirname(ensurePostgresBinaries().postgres);
  const redisBin = dirname(ensureRedisBinaries().redisServer);
  const path = [postgresBin, redisBin, process.env.PATH ?? ''].join(delimiter);
  return new Promise((resolve) => {
    execFile(
      '/bin/sh',
      [script, ...args],
      { env: { PATH: path, HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 180_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Postgres, core Redis (AOF on, noeviction), a files folder and every service, as one install runs them. */
interface Stack {
  postgres: EmbeddedPostgres;
  redis: EmbeddedRedis;
  filesDir: string;
  gatewayUrl: string;
  stop(): Promise<void>;
}

async function startServices(
  postgres: EmbeddedPostgres,
  redis: EmbeddedRedis,
  filesDir: string,
  keyPrefix: string,
): Promise<Stack> {
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: postgres.url(),
    REDIS_ADDR: redis.address,
    REDIS_KEY_PREFIX: keyPrefix,
    FILES_DIR: filesDir,
    BOOKMARK_FETCH_METADATA: 'false',
    RATE_LIMIT_API: '100000/1m',
    SOCKET_SEND_RATE: '10000/10s',
  };
  const started: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(started.splice(0).map((proc) => proc.stop().catch(() => proc.kill9())));
  };
  try {
    // The migrate job runs first, as compose's one-shot service does (after a restore: nothing to apply).
    const migrate = await ServiceProcess.start('migrate', { env });
    const migrated = await migrate.waitForExit(90_000);
    if (migrated.code !== 0) throw new Error(`migrate exited with ${migrated.code}:\n${migrate.logs}`);
    const backends = await Promise.all(
      BACKENDS.map(async (service) => {
        const proc = await ServiceProcess.start(service, { env });
        started.push(proc);
        await proc.waitReady(60_000);
        return proc;
      }),
    );
    const content = backends[BACKENDS.indexOf('content')];
    const gateway = await ServiceProcess.start('gateway', {
      env: { ...env, CONTENT_INTERNAL_URL: content.url },
    });
    started.push(gateway);
    await gateway.waitReady(60_000);
    return { postgres, redis, filesDir, gatewayUrl: gateway.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface UploadedFile {
  id: string;
  name: string;
  size: number;
  checksum: string;
}

async function uploadFile(
  gatewayUrl: string,
  token: string,
  bytes: Buffer,
  name: string,
): Promise<UploadedFile> {
  const form = new FormData();
  form.append('description', 'quarterly numbers');
  form.append('file', new Blob([bytes]), name);
  const response = await fetch(`${gatewayUrl}/api/v1/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { file: UploadedFile }).file;
}

async function downloadFile(gatewayUrl: string, token: string, id: string): Promise<Buffer> {
  const response = await fetch(`${gatewayUrl}/api/v1/files/${id}/content`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200)
    throw new Error(`download answered ${response.status}: ${await response.text()}`);
  return Buffer.from(await response.arrayBuffer());
}

/** What person 1 sees of the items the test made, read through the API. */
async function itemsSeenBy(api: ApiClient, smoke: SmokeResult, fileId: string): Promise<unknown> {
  const read = async (path: string) => {
    const response = await api.get(path);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.text}`);
    return response.body;
  };
  return {
    bookmark: await read(`/bookmarks/${smoke.bookmark.id}`),
    note: await read(`/notes/${smoke.note.id}`),
    task: await read(`/tasks/${smoke.task.id}`),
    file: await read(`/files/${fileId}`),
    tags: await read('/tags'),
  };
}

async function searchFindsBookmark(api: ApiClient, term: string, bookmarkId: string): Promise<boolean> {
  const response = await api.get<{ items: { type: string; id: string }[] }>(
    `/search?q=${encodeURIComponent(term)}`,
  );
  return response.status === 200 && response.body.items.some((item) => item.id === bookmarkId);
}

/** Schemas other than PostgreSQL's own and public: what the migrations (or a restore) create. */
async function appSchemas(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace
        WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public') ORDER BY 1`,
    );
    return result.rows.map((row) => row.nspname);
  } finally {
    await client.end();
  }
}

describe('backup and restore (deploy/backup)', () => {
  const keyPrefix = `t${randomBytes(4).toString('hex')}:`;
  let scratch: string;
  let backupDir: string;
  let stackA: Stack | undefined;
  let stackB: Stack | undefined;
  const servers: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    scratch = await mkdtemp(join(sharedInfra().scratchDir, 'backup-'));
    backupDir = join(scratch, 'backups');
  });
  afterAll(async () => {
    await stackA?.stop();
    await stackB?.stop();
    await Promise.all(servers.map((server) => server.stop().catch(() => undefined)));
  });

  it('backup then restore into an empty local stack gives back the same users, content and messages', async () => {
    // ---- stack A: make data through the API --------------------------------------------------------------
    const postgresA = await startThrowawayPostgres();
    const redisA = await startThrowawayRedis({ persistence: true, maxmemoryPolicy: 'noeviction' });
    servers.push(postgresA, redisA);
    const filesA = await mkdtemp(join(scratch, 'files-a-'));
    stackA = await startServices(postgresA, redisA, filesA, keyPrefix);

    const smoke = await runSmokeFlow([stackA.gatewayUrl]);
    const [person1, person2] = smoke.people;
    const one = await signIn(stackA.gatewayUrl, person1);
    const fileBytes = randomBytes(300_000);
    const file = await uploadFile(stackA.gatewayUrl, person1.token, fileBytes, 'numbers.bin');
    for (const body of ['the numbers are in', 'see the attached file']) {
      const sent = await one.api.post(`/conversations/${smoke.conversationId}/messages`, { body: { body } });
      expect(sent.status).toBe(201);
    }
    const itemsBefore = await itemsSeenBy(one.api, smoke, file.id);
    const messagesBefore: MessageView[] = await storedMessages(one.api, smoke.conversationId);
    expect(messagesBefore.length).toBeGreaterThanOrEqual(3);

    // The backup connects as production's `backup` ACL user, its rules rendered from users.acl.template.
    const renderedAcl = await renderUsersAcl({
      ...aclPasswordEnv(testAclPasswords()),
      REDIS_BACKUP_PASSWORD: BACKUP_PASSWORD,
    });
    const admin = new Redis(redisA.port, '127.0.0.1');
    await admin.call('ACL', 'SETUSER', 'backup', ...aclRulesOf(renderedAcl, 'backup'));
    // core.conf waits 2 s (repl-diskless-sync-delay) for more replicas before a diskless transfer; no need here.
    await admin.config('SET', 'repl-diskless-sync-delay', '0');
    await admin.quit();

    // ---- backups, with retention ------------------------------------------------------------------------
    const backupEnv = {
      BACKUP_DIR: backupDir,
      BACKUP_KEEP: '2',
      // libpq variables, as compose's backup service passes them (a URL would show its password in `ps`).
      ...libpqEnvironment(postgresA.url()),
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(redisA.port),
      REDIS_USERNAME: 'backup',
      REDIS_BACKUP_PASSWORD: BACKUP_PASSWORD,
      FILES_DIR: filesA,
      TRACERA_VERSION: '0.1.0-test',
    };
    const made: string[] = [];
    for (let run = 0; run < 3; run++) {
      if (run > 0) await new Promise((resolve) => setTimeout(resolve, 1100)); // folders are named by the second
      const result = await runScript(BACKUP_SCRIPT, [], backupEnv);
      expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
      made.push(result.stdout.trim());
    }
    expect((await readdir(backupDir)).sort()).toEqual(made.slice(1).map((path) => path.split('/').pop()));
    const backup = made[2];
    const manifest = await readFile(join(backup, 'manifest.txt'), 'utf8');
    expect(manifest).toMatch(/^tracera_version 0\.1\.0-test$/m);
    for (const part of ['redis.rdb', 'postgres.dump', 'files.tar']) {
      const size = (await stat(join(backup, part))).size;
      expect(manifest).toMatch(new RegExp(`^file ${part.replace('.', '\\.')} ${size} [0-9a-f]{64}$`, 'm'));
    }

    // ---- stack A is gone entirely -----------------------------------------------------------------------
    await stackA.stop();
    stackA = undefined;
    await redisA.stop();
    await postgresA.stop();

    // ---- stack B: new, empty servers and folders --------------------------------------------------------
    const postgresB = await startThrowawayPostgres();
    servers.push(postgresB);
    const redisDirB = await mkdtemp(join(scratch, 'redis-b-'));
    const filesB = await mkdtemp(join(scratch, 'files-b-'));
    const restoreEnv = { DATABASE_URL: postgresB.url(), REDIS_DATA_DIR: redisDirB, FILES_DIR: filesB };

    // A backup with one flipped byte is refused before anything is touched.
    const corrupt = join(scratch, 'corrupt');
    await cp(backup, corrupt, { recursive: true });
    const archive = await readFile(join(corrupt, 'files.tar'));
    archive[Math.floor(archive.length / 2)] ^= 0xff;
    await writeFile(join(corrupt, 'files.tar'), archive);
    const refused = await runScript(RESTORE_SCRIPT, [corrupt], restoreEnv);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/files\.tar does not match its sha256/);
    expect(await appSchemas(postgresB.url())).toEqual([]);
    expect(await readdir(redisDirB)).toEqual([]);
    expect(await readdir(filesB)).toEqual([]);

    const restored = await runScript(RESTORE_SCRIPT, [backup], restoreEnv);
    expect({ code: restored.code, stderr: restored.stderr }).toMatchObject({ code: 0 });
    expect((await readdir(redisDirB)).sort()).toEqual(['appendonlydir', 'dump.rdb']);

    // Restoring again over the restored data is refused: the targets are no longer empty.
    const again = await runScript(RESTORE_SCRIPT, ['--only', 'postgres', backup], restoreEnv);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/target database is not empty/);

    const redisB = new EmbeddedRedis({
      dataDir: redisDirB,
      persistence: true,
      maxmemoryPolicy: 'noeviction',
    });
    await redisB.start();
    servers.push(redisB);
    stackB = await startServices(postgresB, redisB, filesB, keyPrefix);
    const gatewayB = stackB.gatewayUrl;

    // ---- everything is back ----------------------------------------------------------------------------
    // Sessions live in Redis: tokens issued before the backup still work, so the RDB came back.
    await expectSmokeDataIntact(gatewayB, smoke, { sessionsSurvive: true });
    const oneB = await signIn(gatewayB, person1);
    expect(await itemsSeenBy(oneB.api, smoke, file.id)).toEqual(itemsBefore);
    expect((await downloadFile(gatewayB, person1.token, file.id)).equals(fileBytes)).toBe(true);
    const twoB = await signIn(gatewayB, person2);
    expect(await storedMessages(twoB.api, smoke.conversationId)).toEqual(messagesBefore);

    // Events flow after the restore: a new bookmark reaches the search read model.
    const term = `restored${randomBytes(4).toString('hex').replace(/\d/g, 'x')}`;
    const created = await oneB.api.post<{ bookmark: { id: string } }>('/bookmarks', {
      body: { url: `https://example.org/${term}`, title: `After the restore ${term}` },
    });
    expect(created.status).toBe(201);
    await waitFor(() => searchFindsBookmark(oneB.api, term, created.body.bookmark.id), {
      timeoutMs: 30_000,
      intervalMs: 200,
      description: 'search to find the bookmark made after the restore',
    });
  });
});
