import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { type AppConfig, loadConfig } from '@tracera/config';
import { ensureRedisBinaries, freePort } from '@tracera/embedded-servers';
import { sharedInfra, waitFor } from '@tracera/testing';

/** A validated AppConfig for the Redis tests, built from environment variables as a service would. */
export function redisTestConfig(env: Record<string, string>): AppConfig {
  return loadConfig(
    { service: 'redis-test', defaultPort: 18080 },
    {
      NODE_ENV: 'test',
      HEALTH_CHECK_TIMEOUT: '500ms',
      REDIS_DIAL_TIMEOUT: '1s',
      REDIS_READ_TIMEOUT: '1s',
      ...env,
    },
  );
}

/** The logger the code under test writes to, with what it wrote. */
export function capturingLogger() {
  const lines: { level: 'log' | 'warn' | 'error'; message: string }[] = [];
  const record = (level: 'log' | 'warn' | 'error') => (message: unknown) => {
    lines.push({ level, message: String(message) });
  };
  return { lines, logger: { log: record('log'), warn: record('warn'), error: record('error') } };
}

function ping(port: number, tls = false): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls
      ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => socket.write('PING\r\n'))
      : createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.setTimeout(500, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk.toString().startsWith('+PONG'));
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

/** A redis-server (or sentinel) with arguments EmbeddedRedis does not offer: cluster, TLS, sentinel mode. */
export class RedisTestProcess {
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(
    name: string,
    args: (port: number, dir: string) => string[],
    options: { tls?: boolean } = {},
  ) {
    const dir = mkdtempSync(join(sharedInfra().scratchDir, `${name}-`));
    const port = await freePort();
    const { redisServer } = ensureRedisBinaries();
    const child = spawn(redisServer, args(port, dir), { cwd: dir, stdio: 'ignore' });
    const server = new RedisTestProcess(port, dir, child);
    await waitFor(async () => child.exitCode === null && (await ping(port, options.tls)), {
      timeoutMs: 10_000,
      intervalMs: 25,
      description: `${name} on port ${port}`,
    });
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}

const BASE_ARGS = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];

/** One master and one sentinel watching it as `mymaster` (quorum 1). */
export async function startSentinelSetup(): Promise<{
  master: RedisTestProcess;
  sentinel: RedisTestProcess;
}> {
  const master = await RedisTestProcess.start('sentinel-master', (port, dir) => [
    '--port',
    String(port),
    '--dir',
    dir,
    ...BASE_ARGS,
  ]);
  const sentinel = await RedisTestProcess.start('sentinel', (port, dir) => {
    const conf = join(dir, 'sentinel.conf');
    // Sentinel rewrites its config file, so it must be a writable file of its own.
    writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor mymaster 127.0.0.1 ${master.port} 1`,
        'sentinel down-after-milliseconds mymaster 5000',
        '',
      ].join('\n'),
    );
    return [conf, '--sentinel'];
  });
  return { master, sentinel };
}

/** Three masters, slots spread by `redis-cli --cluster create`. */
export async function startCluster(): Promise<RedisTestProcess[]> {
  const nodes = await Promise.all(
    [1, 2, 3].map((n) =>
      RedisTestProcess.start(`cluster-${n}`, (port, dir) => [
        '--port',
        String(port),
        '--dir',
        dir,
        ...BASE_ARGS,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, 'nodes.conf'),
        '--cluster-node-timeout',
        '2000',
      ]),
    ),
  );
  execFileSync(
    'redis-cli',
    ['--cluster', 'create', ...nodes.map((n) => n.address), '--cluster-replicas', '0', '--cluster-yes'],
    {
      stdio: 'ignore',
      timeout: 15_000,
    },
  );
  return nodes;
}

/** A TLS-only redis-server with a self-signed certificate for 127.0.0.1; returns the CA file to trust. */
export async function startTlsRedis(): Promise<{ server: RedisTestProcess; caFile: string }> {
  const certDir = mkdtempSync(join(sharedInfra().scratchDir, 'tls-'));
  mkdirSync(certDir, { recursive: true });
  const cert = join(certDir, 'cert.pem');
  const key = join(certDir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const server = await RedisTestProcess.start(
    'tls-redis',
    (port, dir) => [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--dir',
      dir,
      ...BASE_ARGS,
      '--tls-cert-file',
      cert,
      '--tls-key-file',
      key,
      '--tls-ca-cert-file',
      cert,
      '--tls-auth-clients',
      'no',
    ],
    { tls: true },
  );
  return { server, caFile: cert };
}
