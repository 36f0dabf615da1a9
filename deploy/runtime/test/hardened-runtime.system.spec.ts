import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase, REPO_ROOT, SERVICE_NAMES, sharedInfra, waitFor } from '@tracera/testing';
import { ApiClient } from '../../../services/gateway/test/system/api-client';
import {
  SANDBOX_HOME,
  SANDBOX_SETUP_FAILED,
  SANDBOX_UID,
  SandboxedProcess,
  SandboxedService,
} from './support/hardened-sandbox';

/** What a process says about itself: identity, privileges, and which directories it could write a file to. */
interface ProbeReport {
  uid: number;
  gid: number;
  groups: number[];
  home: string | undefined;
  status: Record<'CapEff' | 'CapPrm' | 'CapBnd' | 'CapAmb' | 'NoNewPrivs', string>;
  writes: Record<string, string>;
}

// Leaves the file behind on success, so the host can see where a write really landed.
const PROBE = `
const fs = require('node:fs');
const [marker, ...dirs] = process.argv.slice(1);
const status = fs.readFileSync('/proc/self/status', 'utf8');
const field = (name) => status.match(new RegExp('^' + name + ':\\\\s*(\\\\S+)', 'm'))[1];
const tryWrite = (dir) => {
  try { fs.writeFileSync(dir + '/' + marker, 'probe'); return 'written'; } catch (error) { return error.code; }
};
process.stdout.write(JSON.stringify({
  uid: process.getuid(), gid: process.getgid(), groups: process.getgroups(), home: process.env.HOME,
  status: Object.fromEntries(['CapEff', 'CapPrm', 'CapBnd', 'CapAmb', 'NoNewPrivs'].map((n) => [n, field(n)])),
  writes: Object.fromEntries(dirs.map((dir) => [dir, tryWrite(dir)])),
}));
`;

/** The privilege lines of a running process's /proc status, read from outside its sandbox. */
async function privilegesOf(pid: number): Promise<Record<string, string>> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1].trim() ?? '';
  return { Uid: field('Uid'), Gid: field('Gid'), CapEff: field('CapEff'), NoNewPrivs: field('NoNewPrivs') };
}

/** The options of the mount a process sees at `/` (read-only means `ro` among them). */
async function rootMountOptionsOf(pid: number): Promise<string> {
  const mountinfo = await readFile(`/proc/${pid}/mountinfo`, 'utf8');
  const root = mountinfo
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => fields[4] === '/')
    .pop();
  return root?.[5] ?? '';
}

const NO_CAPABILITIES = '0000000000000000';
/** The compiled deploy/docker/src/healthcheck.ts, the image's /healthcheck. */
const HEALTHCHECK = 'dist/deploy/docker/src/healthcheck.js';
/** How Node reports a write the file system refused. */
const WRITE_REFUSED = /EROFS|EACCES|read-only file system|permission denied/i;

describe('hardened runtime (read-only root, tmpfs /tmp, uid 65532, no capabilities, no-new-privileges)', () => {
  let workDir: string;
  let volumeDir: string;
  let filesDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(sharedInfra().scratchDir, 'hardened-'));
    // Outside /tmp: inside the sandbox the volume is then a writable island in the read-only root, like
    // /data/files in the container (under /tmp a forgotten volume would silently land in the tmpfs).
    volumeDir = await mkdtemp('/var/tmp/tracera-hardened-');
    await chmod(volumeDir, 0o755);
    // The named volume `files`, owned by the image's nonroot user like the Dockerfile's /data/files.
    filesDir = join(volumeDir, 'files');
    await mkdir(filesDir);
    await chown(filesDir, SANDBOX_UID, SANDBOX_UID);
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
    await rm(volumeDir, { recursive: true, force: true });
  });

  it('is real: the command runs as 65532 without capabilities, and only /tmp and its data dir take writes', async () => {
    const marker = `hardened-probe-${randomBytes(4).toString('hex')}`;
    const dirs = [
      REPO_ROOT,
      join(REPO_ROOT, 'dist'),
      '/',
      '/var/tmp',
      volumeDir,
      '/etc',
      '/dev/shm',
      SANDBOX_HOME,
      '/tmp',
      filesDir,
    ];
    const probe = await SandboxedProcess.run('probe', [process.execPath, '-e', PROBE, marker, ...dirs], {
      scratchDir: workDir,
      writableDirs: [filesDir],
    });
    if (probe.code === SANDBOX_SETUP_FAILED)
      throw new Error(`the sandbox could not be built:\n${probe.output}`);
    expect({ code: probe.code, output: probe.code === 0 ? '' : probe.output }).toEqual({
      code: 0,
      output: '',
    });

    const report = JSON.parse(probe.output) as ProbeReport;
    expect(report).toEqual({
      uid: SANDBOX_UID,
      gid: SANDBOX_UID,
      groups: [SANDBOX_UID],
      home: SANDBOX_HOME,
      status: {
        CapEff: NO_CAPABILITIES,
        CapPrm: NO_CAPABILITIES,
        CapBnd: NO_CAPABILITIES,
        CapAmb: NO_CAPABILITIES,
        NoNewPrivs: '1',
      },
      writes: {
        [REPO_ROOT]: 'EROFS',
        [join(REPO_ROOT, 'dist')]: 'EROFS',
        '/': 'EROFS',
        '/var/tmp': 'EROFS',
        [volumeDir]: 'EROFS',
        '/etc': 'EROFS',
        '/dev/shm': 'EROFS',
        [SANDBOX_HOME]: 'ENOENT',
        '/tmp': 'written',
        [filesDir]: 'written',
      },
    });
    // The data dir is the host directory itself; the sandbox's /tmp was its own and is gone with it.
    expect(await readFile(join(filesDir, marker), 'utf8')).toBe('probe');
    expect(existsSync(join('/tmp', marker))).toBe(false);
    expect(existsSync(join(REPO_ROOT, marker))).toBe(false);
    // HOME does not exist and cannot be made (in distroless it exists, but on the read-only root).
    expect(existsSync(SANDBOX_HOME)).toBe(false);
  });

  describe('the services', () => {
    let databaseUrl: string;
    let migrate: { code: number | null; output: string };
    let env: Record<string, string>;
    const services = new Map<string, SandboxedService>();
    const service = (name: string) => services.get(name)!;

    beforeAll(async () => {
      databaseUrl = await createTestDatabase('hardened');
      migrate = await SandboxedProcess.run(
        'migrate',
        [process.execPath, 'dist/services/migrate/src/main.js'],
        { scratchDir: workDir, env: { NODE_ENV: 'production', DATABASE_URL: databaseUrl } },
        60_000,
      );
      if (migrate.code !== 0) return;

      env = {
        REDIS_ADDR: sharedInfra().redisAddress,
        REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}:`,
        DATABASE_URL: databaseUrl,
        AUTH_COOKIE_SECURE: 'false',
        BOOKMARK_FETCH_METADATA: 'false',
        // Every request of the test comes from 127.0.0.1; the limits have their own tests.
        RATE_LIMIT_API: '100000/1m',
        RATE_LIMIT_UPLOAD: '1000/1m',
      };
      const start = async (name: string, extra: Record<string, string> = {}, writableDirs: string[] = []) => {
        const started = await SandboxedService.start(
          name,
          { ...env, ...extra },
          { scratchDir: workDir, writableDirs },
        );
        services.set(name, started);
        await started.waitReady();
      };
      await Promise.all([
        start('auth'),
        start('content', { FILES_DIR: filesDir }, [filesDir]),
        start('search-cache'),
        start('messaging'),
        start('analytics'),
      ]);
      await start('gateway', { CONTENT_INTERNAL_URL: service('content').url });
    }, 150_000);

    afterAll(async () => {
      const stopping = [...services.values()].map((s) => s.sandbox.stop().catch(() => undefined));
      await Promise.all(stopping);
    });

    it('runs migrate to completion against a fresh database', () => {
      expect({ code: migrate.code, output: migrate.code === 0 ? '' : migrate.output }).toEqual({
        code: 0,
        output: '',
      });
      expect(migrate.output).toMatch(/migrations complete: \d+ applied/);
    });

    it('starts all six services ready and healthy by /healthcheck, each as 65532 without capabilities on a read-only root', async () => {
      expect([...services.keys()].sort()).toEqual([...SERVICE_NAMES].sort());
      const ownNamespace = await readlink('/proc/self/ns/mnt');
      for (const [name, running] of services) {
        const pid = running.sandbox.pid!;
        expect({ name, ready: await running.readiness() }).toEqual({ name, ready: 200 });
        expect({ name, ...(await privilegesOf(pid)) }).toEqual({
          name,
          Uid: Array(4).fill(SANDBOX_UID).join('\t'),
          Gid: Array(4).fill(SANDBOX_UID).join('\t'),
          CapEff: NO_CAPABILITIES,
          NoNewPrivs: '1',
        });
        expect(await readlink(`/proc/${pid}/ns/mnt`)).not.toBe(ownNamespace);
        expect((await rootMountOptionsOf(pid)).split(',')).toContain('ro');
      }
      // The image's /healthcheck runs inside the container (docker exec), so under the same hardening.
      const healthchecks = await Promise.all(
        [...services.values()].map(async (running) => {
          const check = await SandboxedProcess.run(
            `${running.service} healthcheck`,
            [process.execPath, HEALTHCHECK],
            {
              scratchDir: workDir,
              env: { PORT: String(running.port) },
            },
          );
          return [running.service, check.code === 0 ? 0 : `${check.code}: ${check.output}`] as const;
        }),
      );
      expect(Object.fromEntries(healthchecks)).toEqual(
        Object.fromEntries(SERVICE_NAMES.map((name) => [name, 0])),
      );
    });

    it('serves sign-in, bookmarks, file upload and download, search, chat and the dashboard through the gateway', async () => {
      const api = new ApiClient(service('gateway').url);
      const suffix = randomBytes(4).toString('hex');
      const account = {
        email: `ro-${suffix}@example.test`,
        username: `ro_${suffix}`,
        password: `read only ${suffix}`,
      };
      const registered = await api.post<{ user: { id: string } }>('/auth/register', {
        body: { ...account, displayName: 'Read Only' },
      });
      expect(registered.status).toBe(201);
      const other = await api.post<{ user: { id: string } }>('/auth/register', {
        body: {
          email: `peer-${suffix}@example.test`,
          username: `peer_${suffix}`,
          password: `peer pass ${suffix}`,
        },
      });
      expect(other.status).toBe(201);
      const signedIn = await api.post<{ token: string }>('/auth/login', {
        body: { login: account.username, password: account.password },
      });
      expect(signedIn.status).toBe(200);
      const bearer = signedIn.body.token;

      const word = `hardened${suffix}`;
      const bookmark = await api.post<{ bookmark: { id: string } }>('/bookmarks', {
        bearer,
        body: { url: `https://example.com/${word}`, title: `Read-only ${word}` },
      });
      expect(bookmark.status).toBe(201);

      const bytes = randomBytes(64 * 1024);
      const form = new FormData();
      form.append('file', new Blob([bytes]), 'payload.bin');
      const uploaded = await fetch(`${service('gateway').url}/api/v1/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}` },
        body: form,
        signal: AbortSignal.timeout(15_000),
      });
      const uploadText = await uploaded.text();
      expect({ status: uploaded.status, body: uploaded.status === 201 ? '' : uploadText }).toEqual({
        status: 201,
        body: '',
      });
      const file = (JSON.parse(uploadText) as { file: { id: string; checksum: string } }).file;
      expect(file.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
      // The bytes landed in the writable data dir, as a blob owned by the service's user.
      const blobs = await readdir(join(filesDir, 'blobs'), { recursive: true, withFileTypes: true });
      const blobPaths = blobs
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name));
      const stored = await Promise.all(
        blobPaths.map(async (path) => ({ bytes: await readFile(path), owner: (await stat(path)).uid })),
      );
      expect(stored.filter((blob) => blob.bytes.equals(bytes)).map((blob) => blob.owner)).toEqual([
        SANDBOX_UID,
      ]);
      const download = await fetch(`${service('gateway').url}/api/v1/files/${file.id}/content`, {
        headers: { authorization: `Bearer ${bearer}` },
        signal: AbortSignal.timeout(15_000),
      });
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

      await waitFor(
        async () => {
          const found = await api.get<{ items: { id: string }[] }>(`/search?q=${word}`, { bearer });
          return found.status === 200 && found.body.items.some((hit) => hit.id === bookmark.body.bookmark.id);
        },
        { timeoutMs: 15_000, description: 'search to find the bookmark' },
      );

      const conversation = await api.post<{ conversation: { id: string } }>('/conversations', {
        bearer,
        body: { type: 'direct', memberIds: [other.body.user.id] },
      });
      expect(conversation.status).toBe(201);
      const message = await api.post<{ message: { body: string } }>(
        `/conversations/${conversation.body.conversation.id}/messages`,
        { bearer, body: { body: `hello from a read-only root ${suffix}` } },
      );
      expect(message.status).toBe(201);
      expect(message.body.message.body).toBe(`hello from a read-only root ${suffix}`);

      await waitFor(
        async () => {
          const dashboard = await api.get<{ totals: Record<string, number> }>('/analytics/dashboard', {
            bearer,
          });
          return dashboard.status === 200 && (dashboard.body.totals.bookmark_saved ?? 0) >= 1;
        },
        { timeoutMs: 15_000, description: 'the dashboard to count the saved bookmark' },
      );
      for (const running of services.values()) {
        expect({ [running.service]: running.sandbox.exited }).toEqual({ [running.service]: false });
        // Nothing was refused on the way: no write the service tried hit the read-only root.
        expect({ [running.service]: WRITE_REFUSED.exec(running.sandbox.logs)?.[0] }).toEqual({
          [running.service]: undefined,
        });
      }
    });

    it('runs the tools jobs (search rebuild, analytics rebuild, dead letters) to completion', async () => {
      const tool = (name: string, script: string, ...args: string[]) =>
        SandboxedProcess.run(name, [process.execPath, script, ...args], {
          scratchDir: workDir,
          env: { NODE_ENV: 'production', LOG_FORMAT: 'json', ...env },
        });
      const [search, analytics, deadLetters] = await Promise.all([
        tool('search-rebuild', 'dist/services/search-cache/src/rebuild/rebuild-search-index.main.js'),
        tool('analytics-rebuild', 'dist/services/analytics/src/rebuild/rebuild-analytics.main.js'),
        tool('dead-letters', 'dist/libs/streams/src/admin/dead-letters.main.js', 'list', 'content'),
      ]);
      for (const [name, run] of Object.entries({ search, analytics, deadLetters })) {
        expect({ name, code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({
          name,
          code: 0,
          output: '',
        });
        expect({ name, refused: WRITE_REFUSED.exec(run.output)?.[0] }).toEqual({ name, refused: undefined });
      }
      expect(search.output).toMatch(/search index rebuilt: [1-9]\d* items/);
      expect(analytics.output).toMatch(/analytics rebuilt from [1-9]\d* activity rows/);
    });
  });
});
