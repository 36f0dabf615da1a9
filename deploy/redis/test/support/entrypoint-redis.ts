import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { delimiter, dirname, join } from 'node:path';
import Redis from 'ioredis';
import { ensureRedisBinaries, freePort } from '@tracera/embedded-servers';
import { REPO_ROOT, type ServiceName, sharedInfra, waitFor } from '@tracera/testing';

export const REDIS_DEPLOY_DIR = join(REPO_ROOT, 'deploy', 'redis');

/** The password variable of each ACL user that core-entrypoint.sh renders. */
export const ACL_PASSWORD_VARIABLES = {
  admin: 'REDIS_ADMIN_PASSWORD',
  gateway: 'REDIS_GATEWAY_PASSWORD',
  auth: 'REDIS_AUTH_PASSWORD',
  content: 'REDIS_CONTENT_PASSWORD',
  'search-cache': 'REDIS_SEARCH_CACHE_PASSWORD',
  messaging: 'REDIS_MESSAGING_PASSWORD',
  analytics: 'REDIS_ANALYTICS_PASSWORD',
  replication: 'REDIS_REPLICATION_PASSWORD',
  sentinel: 'REDIS_MONITOR_PASSWORD',
  backup: 'REDIS_BACKUP_PASSWORD',
} as const;
export type AclUser = keyof typeof ACL_PASSWORD_VARIABLES;

/** A fresh password per ACL user, with characters redis.conf and the shell would trip over. */
export function testAclPasswords(): Record<AclUser, string> {
  return Object.fromEntries(
    Object.keys(ACL_PASSWORD_VARIABLES).map((user) => [
      user,
      `${user} "p\\w$ ${randomBytes(6).toString('hex')}`,
    ]),
  ) as Record<AclUser, string>;
}

/** The entrypoint environment carrying `passwords`. */
export function aclPasswordEnv(passwords: Record<AclUser, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(ACL_PASSWORD_VARIABLES).map(([user, variable]) => [variable, passwords[user as AclUser]]),
  );
}

/** Where one emulated Redis container keeps its files: mounted config, tmpfs /run/redis, volume /data. */
export interface RedisContainerDirs {
  /** A copy of deploy/redis (the read-only /usr/local/etc/redis mount), `dir /data` pointed at dataDir. */
  configDir: string;
  runDir: string;
  dataDir: string;
}

/**
 * Copies deploy/redis as the container sees it. The one change: core.conf's `dir /data` names the test's
 * data folder, because redis-server changes into `dir` while reading the file, before any override applies.
 */
export function redisContainerDirs(name: string, options: { tlsDir?: string } = {}): RedisContainerDirs {
  const root = mkdtempSync(join(sharedInfra().scratchDir, `${name}-`));
  const dirs = { configDir: join(root, 'etc'), runDir: join(root, 'run'), dataDir: join(root, 'data') };
  for (const dir of Object.values(dirs)) mkdirSync(dir);
  for (const file of readdirSync(REDIS_DEPLOY_DIR)) {
    const source = join(REDIS_DEPLOY_DIR, file);
    if (statSync(source).isFile()) copyFileSync(source, join(dirs.configDir, file));
  }
  const coreConf = join(dirs.configDir, 'core.conf');
  const text = readFileSync(coreConf, 'utf8');
  if (!/^dir \/data$/m.test(text)) throw new Error('core.conf no longer says "dir /data"');
  writeFileSync(coreConf, text.replace(/^dir \/data$/m, `dir ${dirs.dataDir}`));
  if (options.tlsDir) {
    // compose.tls.yml mounts the certificates at /etc/redis/tls.
    const tlsConf = join(dirs.configDir, 'tls.conf');
    writeFileSync(tlsConf, readFileSync(tlsConf, 'utf8').replaceAll('/etc/redis/tls/', `${options.tlsDir}/`));
  }
  return dirs;
}

function redisAnswers(port: number, caFile?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = caFile
      ? tlsConnect({ host: '127.0.0.1', port, ca: readFileSync(caFile) }, () => socket.write('PING\r\n'))
      : createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.setTimeout(500, () => socket.destroy());
    // PONG, or NOAUTH from a server that wants a password: either way it is serving.
    socket.on('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(/^(\+PONG|-NOAUTH)/.test(chunk.toString()));
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

/** The first reply line of `command` sent without any credentials (inline protocol). */
export function anonymousReply(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write(`${command}\r\n`));
    socket.setTimeout(2000, () => socket.destroy(new Error(`no reply to ${command}`)));
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk.toString().split('\r\n')[0]);
    });
    socket.once('error', reject);
  });
}

/** PATH with the directory of the redis-server the tests use first, as the image has it on PATH. */
export function pathWithRedis(): string {
  return [dirname(ensureRedisBinaries().redisServer), process.env.PATH ?? ''].join(delimiter);
}

export interface EntrypointRun {
  code: number | null;
  output: string;
}

/** Runs an entrypoint script with `sh` to its end (for the scripts' refusals); never starts a server. */
export function runEntrypoint(
  script: string,
  dirs: RedisContainerDirs,
  env: Record<string, string>,
  args: string[] = [],
): Promise<EntrypointRun> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', [join(dirs.configDir, script), ...args], {
      env: { PATH: pathWithRedis(), REDIS_CONFIG_DIR: dirs.configDir, REDIS_RUN_DIR: dirs.runDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** A Redis container emulated by its entrypoint script under `sh`, on a free loopback port. */
export class EntrypointRedis {
  private output = '';

  private constructor(
    readonly name: string,
    readonly port: number,
    readonly dirs: RedisContainerDirs,
    private readonly child: ChildProcess,
    readonly tlsCaFile?: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /**
   * `sh <configDir>/<script> [extraArgs] --port N --bind 127.0.0.1` with `env`, REDIS_CONFIG_DIR and
   * REDIS_RUN_DIR set; resolves once the server answers. With `tlsCaFile` it serves TLS only on N, as
   * compose.tls.yml runs it (tls.conf included).
   */
  static async start(
    name: string,
    script: string,
    env: Record<string, string>,
    options: { dirs?: RedisContainerDirs; extraArgs?: string[]; tlsCaFile?: string } = {},
  ): Promise<EntrypointRedis> {
    const dirs = options.dirs ?? redisContainerDirs(name);
    const port = await freePort();
    const listen = options.tlsCaFile
      ? ['--include', join(dirs.configDir, 'tls.conf'), '--port', '0', '--tls-port', String(port)]
      : ['--port', String(port)];
    const args = [...(options.extraArgs ?? []), ...listen, '--bind', '127.0.0.1'];
    const child = spawn('/bin/sh', [join(dirs.configDir, script), ...args], {
      cwd: dirs.dataDir,
      env: { PATH: pathWithRedis(), REDIS_CONFIG_DIR: dirs.configDir, REDIS_RUN_DIR: dirs.runDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new EntrypointRedis(name, port, dirs, child, options.tlsCaFile);
    await waitFor(
      async () => {
        if (server.exited) throw new Error(`${name} exited:\n${server.logs}`);
        return redisAnswers(port, options.tlsCaFile);
      },
      {
        timeoutMs: 15_000,
        intervalMs: 50,
        description: `${name} on port ${port}`,
        diagnostics: () => server.logs,
      },
    );
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** A connection as `username` (the default user when undefined); the caller closes it. */
  connect(username: string | undefined, password: string | undefined): Redis {
    return new Redis({
      host: '127.0.0.1',
      port: this.port,
      username,
      password,
      tls: this.tlsCaFile ? { ca: readFileSync(this.tlsCaFile) } : undefined,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
      // Users without INFO (replication) would only get a warning from the ready check.
      enableReadyCheck: false,
    });
  }

  /** SIGTERM (redis-server is the entrypoint's exec'd process, so it gets the signal) and wait. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Certificates for 127.0.0.1 and the compose host names, made by deploy/redis/generate-tls-certs.sh. */
export async function generateTestCertificates(): Promise<{ dir: string; caFile: string }> {
  const dir = mkdtempSync(join(sharedInfra().scratchDir, 'redis-tls-'));
  await new Promise<void>((resolve, reject) => {
    const child = spawn('/bin/sh', [join(REDIS_DEPLOY_DIR, 'generate-tls-certs.sh'), dir], {
      stdio: 'ignore',
    });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`generate-tls-certs.sh exited ${code}`)),
    );
  });
  return { dir, caFile: join(dir, 'ca.crt') };
}

/** The ACL users each service connects as, with the environment that makes it do so. */
export function serviceRedisEnv(
  service: ServiceName,
  passwords: Record<AclUser, string>,
): Record<string, string> {
  return { REDIS_USERNAME: service, REDIS_PASSWORD: passwords[service] };
}

/**
 * users.acl.template rendered by render-acl.sh exactly as the entrypoints do it, with `env` (every password
 * variable the template names; REDIS_KEY_PREFIX optional). Resolves to the rendered file's text.
 */
export async function renderUsersAcl(env: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(sharedInfra().scratchDir, 'users-acl-'));
  const output = join(dir, 'users.acl');
  const script =
    '. "$1/redis-config-quote.sh"; . "$1/render-acl.sh"; render_acl "$1/users.acl.template" "$2"';
  await new Promise<void>((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', script, 'render-acl', REDIS_DEPLOY_DIR, output], {
      env: { PATH: pathWithRedis(), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`render-acl.sh exited ${code}: ${stderr}`)),
    );
  });
  return readFileSync(output, 'utf8');
}

/** The rules of `user` in a rendered ACL file (everything after `user <name>`), for ACL SETUSER. */
export function aclRulesOf(renderedAcl: string, user: AclUser): string[] {
  const line = renderedAcl.split('\n').find((candidate) => candidate.startsWith(`user ${user} `));
  if (!line) throw new Error(`the rendered ACL has no user ${user}`);
  return line.split(' ').slice(2).filter(Boolean);
}
