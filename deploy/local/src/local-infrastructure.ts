import { join } from 'node:path';
import { Client } from 'pg';
import { parseRedisAddress } from '@tracera/config';
import { EmbeddedPostgres, EmbeddedRedis, isPortFree } from '@tracera/embedded-servers';
import { type ConsoleOutput } from './console-output';
import { isListening } from './health-probe';
import { isAlive, startTimeOf } from './process-liveness';
import { formatDuration } from './process-supervisor';
import { RestartBackoff } from './restart-backoff';
import { type ServerRecord } from './state-file';

export interface InfrastructureOptions {
  dataDir: string;
  redisPort?: number;
  postgresPort?: number;
  redisAddress?: string;
  databaseUrl?: string;
}

const DEFAULT_REDIS_PORT = 6379;
const DEFAULT_POSTGRES_PORT = 5432;
const DATABASE = 'tracera';

interface Watched {
  name: string;
  server: EmbeddedRedis | EmbeddedPostgres;
  startedAt: number;
  backoff: RestartBackoff;
  restarting: boolean;
}

/**
 * The Redis and PostgreSQL the services use: started here (persistent, fsync on) unless the user points
 * at existing ones, and restarted with backoff if they die while the stack runs.
 */
export class LocalInfrastructure {
  private redis?: EmbeddedRedis;
  private postgres?: EmbeddedPostgres;
  private externalRedis?: string;
  private externalDatabase?: string;
  private readonly watched: Watched[] = [];
  private watchdog?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    private readonly options: InfrastructureOptions,
    private readonly output: ConsoleOutput,
    private readonly onChange: () => void,
  ) {}

  get redisAddress(): string {
    const address = this.externalRedis ?? this.redis?.address;
    if (!address) throw new Error('Redis has not been started');
    return address;
  }

  get databaseUrl(): string {
    const url = this.externalDatabase ?? this.postgres?.url();
    if (!url) throw new Error('PostgreSQL has not been started');
    return url;
  }

  async start(): Promise<void> {
    // allSettled: when one fails, the other is still started and known, so stop() can stop it.
    const results = await Promise.allSettled([this.startRedis(), this.startPostgres()]);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) {
      throw new Error(
        failures.map((f) => (f.reason instanceof Error ? f.reason.message : String(f.reason))).join('\n'),
      );
    }
    this.watchdog = setInterval(() => this.reviveDeadServers(), 1000);
  }

  private async startRedis(): Promise<void> {
    if (this.options.redisAddress) {
      const parsed = parseRedisAddress(this.options.redisAddress);
      if (typeof parsed === 'string') throw new Error(`Redis address (--redis-addr / REDIS_ADDR) ${parsed}`);
      if (!(await isListening(parsed.host, parsed.port))) {
        throw new Error(`nothing answers at ${parsed.host}:${parsed.port} (--redis-addr / REDIS_ADDR)`);
      }
      this.externalRedis = this.options.redisAddress;
      this.output.info(`using the existing Redis at ${parsed.host}:${parsed.port}`);
      return;
    }
    await requireFreePort(this.options.redisPort, '--redis-port');
    const dataDir = join(this.options.dataDir, 'redis');
    this.redis = new EmbeddedRedis({
      dataDir,
      port: this.options.redisPort ?? DEFAULT_REDIS_PORT,
      persistence: true,
      log: (line) => this.output.info(`redis: ${line}`),
    });
    const startedAt = Date.now();
    await this.redis.start();
    this.watched.push({
      name: 'redis',
      server: this.redis,
      startedAt,
      backoff: new RestartBackoff(),
      restarting: false,
    });
    this.output.info(
      `redis started on ${this.redis.address} in ${formatDuration(Date.now() - startedAt)} (log ${this.redis.logFile})`,
    );
    this.onChange();
  }

  private async startPostgres(): Promise<void> {
    if (this.options.databaseUrl) {
      await assertDatabaseReachable(this.options.databaseUrl);
      this.externalDatabase = this.options.databaseUrl;
      this.output.info(`using the existing PostgreSQL at ${redactPassword(this.options.databaseUrl)}`);
      return;
    }
    await requireFreePort(this.options.postgresPort, '--postgres-port');
    this.postgres = new EmbeddedPostgres({
      dataDir: join(this.options.dataDir, 'postgres'),
      port: this.options.postgresPort ?? DEFAULT_POSTGRES_PORT,
      fsync: true,
      database: DATABASE,
      log: (line) => this.output.info(`postgres: ${line}`),
    });
    const startedAt = Date.now();
    await this.postgres.start();
    // The library creates the database only with a new cluster; this also covers one dropped by hand.
    await this.postgres.createDatabase(DATABASE);
    this.watched.push({
      name: 'postgres',
      server: this.postgres,
      startedAt,
      backoff: new RestartBackoff(),
      restarting: false,
    });
    this.output.info(
      `postgres started on 127.0.0.1:${this.postgres.port} in ${formatDuration(Date.now() - startedAt)} ` +
        `(log ${this.postgres.logFile})`,
    );
    this.onChange();
  }

  /** Like the services, a crashed Redis or PostgreSQL comes back on its port and data, with backoff. */
  private reviveDeadServers(): void {
    for (const entry of this.watched) {
      if (this.stopping || entry.restarting || isAlive(entry.server.pid)) continue;
      entry.restarting = true;
      const delay = entry.backoff.next(Date.now() - entry.startedAt);
      this.output.warn(`${entry.name} exited unexpectedly; restarting in ${formatDuration(delay)}`);
      this.onChange();
      setTimeout(() => {
        if (this.stopping) return;
        entry.startedAt = Date.now();
        entry.server.start().then(
          () => {
            entry.restarting = false;
            this.output.info(`${entry.name} restarted as pid ${entry.server.pid}`);
            this.onChange();
          },
          (error: unknown) => {
            entry.restarting = false;
            this.output.warn(
              `${entry.name} did not come back: ${error instanceof Error ? error.message : String(error)}`,
            );
          },
        );
      }, delay);
    }
  }

  records(): { redis?: ServerRecord; postgres?: ServerRecord } {
    const redis: ServerRecord | undefined = this.externalRedis
      ? { embedded: false, address: redactPassword(this.externalRedis) }
      : this.redis && {
          embedded: true,
          address: this.redis.address,
          port: this.redis.port,
          pid: this.redis.pid,
          startTime: this.redis.pid === undefined ? undefined : startTimeOf(this.redis.pid),
          dataDir: join(this.options.dataDir, 'redis'),
          logFile: this.redis.logFile,
        };
    const postgres: ServerRecord | undefined = this.externalDatabase
      ? { embedded: false, address: redactPassword(this.externalDatabase) }
      : this.postgres && {
          embedded: true,
          address: this.postgres.url(),
          port: this.postgres.port,
          pid: this.postgres.pid,
          startTime: this.postgres.pid === undefined ? undefined : startTimeOf(this.postgres.pid),
          dataDir: join(this.options.dataDir, 'postgres'),
          logFile: this.postgres.logFile,
        };
    return { redis, postgres };
  }

  /** Redis saves its snapshot on SIGTERM; PostgreSQL's fast shutdown checkpoints. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.watchdog);
    await Promise.all([this.redis?.stop(), this.postgres?.stop()]);
    this.onChange();
  }

  /** For a forced shutdown: AOF (everysec) and the WAL make both recover on the next start. */
  async kill(): Promise<void> {
    this.stopping = true;
    clearInterval(this.watchdog);
    await Promise.all([this.redis?.kill9(), this.postgres?.kill9()]);
  }
}

async function requireFreePort(port: number | undefined, flag: string): Promise<void> {
  if (port !== undefined && !(await isPortFree(port))) {
    throw new Error(
      `port ${port} (${flag}) is already in use; choose another or leave it out to get a free one`,
    );
  }
}

async function assertDatabaseReachable(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `cannot reach PostgreSQL at ${redactPassword(url)} (--database-url / DATABASE_URL): ` +
        `${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
