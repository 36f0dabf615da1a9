import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { preferredOrFreePort } from './free-port';
import { ServerProcess, waitUntil } from './server-process';
import { ensureRedisBinaries } from './system-binaries';

export interface EmbeddedRedisOptions {
  dataDir: string;
  /** Used when free; otherwise a free port is picked. */
  port?: number;
  /** AOF `everysec` plus RDB snapshots, as in production; off for throwaway test instances. */
  persistence?: boolean;
  maxmemoryPolicy?: string;
  log?: (line: string) => void;
}

/** Sends one inline command over a raw socket and returns the first reply line (no client library needed). */
function rawCommand(port: number, command: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('timeout'));
    }, timeoutMs);
    let data = '';
    socket.on('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      if (data.includes('\r\n')) {
        clearTimeout(timer);
        socket.end();
        resolve(data.split('\r\n')[0]);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** A `redis-server` child process on loopback, for the local runner and the test harness. */
export class EmbeddedRedis {
  private process?: ServerProcess;
  private chosenPort?: number;

  constructor(private readonly options: EmbeddedRedisOptions) {}

  get port(): number {
    if (this.chosenPort === undefined) throw new Error('EmbeddedRedis has not been started');
    return this.chosenPort;
  }

  /** `host:port`, the form REDIS_ADDR takes. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  get logFile(): string {
    return join(this.options.dataDir, 'redis.log');
  }

  async start(): Promise<void> {
    const { redisServer } = ensureRedisBinaries(this.options.log);
    mkdirSync(this.options.dataDir, { recursive: true });
    this.chosenPort ??= await preferredOrFreePort(this.options.port);
    const persistence = this.options.persistence ?? false;
    const args = [
      '--port',
      String(this.chosenPort),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.options.dataDir,
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--maxmemory-policy',
      this.options.maxmemoryPolicy ?? 'noeviction',
      '--appendonly',
      persistence ? 'yes' : 'no',
      '--appendfsync',
      'everysec',
      '--save',
      persistence ? '900 1 300 10 60 10000' : '',
    ];
    this.process = new ServerProcess({ command: redisServer, args, logFile: this.logFile });
    this.process.start();
    await this.waitReady();
  }

  private async waitReady(): Promise<void> {
    const port = this.port;
    await waitUntil('redis-server', async () => (await rawCommand(port, 'PING')) === '+PONG', {
      timeoutMs: 15_000,
      isDead: () => !this.process?.running,
      logFile: this.logFile,
    });
  }

  async stop(): Promise<void> {
    await this.process?.stop('SIGTERM');
  }

  /** Crash: no shutdown save; what AOF `everysec` had on disk survives. */
  async kill9(): Promise<void> {
    await this.process?.kill9();
  }

  /** Restart on the same port and data folder. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Freeze the server (SIGSTOP): connections stay open but nothing answers. */
  pause(): void {
    this.process?.pause();
  }

  resume(): void {
    this.process?.resume();
  }
}
