import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { preferredOrFreePort } from './free-port';
import { ServerProcess, waitUntil } from './server-process';
import { ensurePostgresBinaries } from './system-binaries';
import { chownTree, ensureTraversable, postgresRunAsUser } from './unprivileged-user';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Used when free; otherwise a free port is picked. */
  port?: number;
  /** Off for throwaway test clusters: much faster, and a crash may lose the cluster. */
  fsync?: boolean;
  /** The database created at first start. */
  database?: string;
  log?: (line: string) => void;
}

const SUPERUSER = 'tracera';

/** A PostgreSQL server child process on loopback with trust authentication, for the runner and the tests. */
export class EmbeddedPostgres {
  private process?: ServerProcess;
  private chosenPort?: number;

  constructor(private readonly options: EmbeddedPostgresOptions) {}

  get port(): number {
    if (this.chosenPort === undefined) throw new Error('EmbeddedPostgres has not been started');
    return this.chosenPort;
  }

  get database(): string {
    return this.options.database ?? 'tracera';
  }

  /** DATABASE_URL for `database` (default: the one created at first start). */
  url(database = this.database): string {
    return `postgres://${SUPERUSER}@127.0.0.1:${this.port}/${database}`;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  private get clusterDir(): string {
    return join(this.options.dataDir, 'cluster');
  }

  get logFile(): string {
    return join(this.options.dataDir, 'postgres.log');
  }

  async start(): Promise<void> {
    const binaries = ensurePostgresBinaries(this.options.log);
    const runAs = postgresRunAsUser();
    mkdirSync(this.options.dataDir, { recursive: true });
    if (runAs) {
      ensureTraversable(this.options.dataDir);
      chownTree(this.options.dataDir, runAs);
    }
    const fresh = !existsSync(join(this.clusterDir, 'PG_VERSION'));
    if (fresh) {
      mkdirSync(this.clusterDir, { recursive: true, mode: 0o700 });
      chmodSync(this.clusterDir, 0o700);
      if (runAs) chownTree(this.options.dataDir, runAs);
      execFileSync(
        binaries.initdb,
        [
          '-D',
          this.clusterDir,
          '-U',
          SUPERUSER,
          '--auth=trust',
          '--encoding=UTF8',
          '--locale=C.UTF-8',
          '--no-sync',
        ],
        { stdio: 'pipe', uid: runAs?.uid, gid: runAs?.gid, cwd: this.options.dataDir },
      );
    }
    this.chosenPort ??= await preferredOrFreePort(this.options.port);
    const fsync = this.options.fsync ?? true;
    const args = [
      '-D',
      this.clusterDir,
      '-p',
      String(this.chosenPort),
      '-h',
      '127.0.0.1',
      '-k',
      this.options.dataDir,
      '-c',
      `fsync=${fsync ? 'on' : 'off'}`,
      '-c',
      `synchronous_commit=${fsync ? 'on' : 'off'}`,
      '-c',
      `full_page_writes=${fsync ? 'on' : 'off'}`,
      '-c',
      'max_connections=300',
      '-c',
      'shared_buffers=128MB',
    ];
    this.process = new ServerProcess({
      command: binaries.postgres,
      args,
      logFile: this.logFile,
      uid: runAs?.uid,
      gid: runAs?.gid,
    });
    this.process.start();
    await waitUntil('postgres', () => this.canConnect('postgres'), {
      timeoutMs: 30_000,
      intervalMs: 100,
      isDead: () => !this.process?.running,
      logFile: this.logFile,
    });
    if (fresh) await this.createDatabase(this.database);
  }

  private async canConnect(database: string): Promise<boolean> {
    const client = new Client({ connectionString: this.url(database), connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Creates a database unless it exists. */
  async createDatabase(name: string): Promise<string> {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name "${name}"`);
    const client = new Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  /** Fast shutdown: clients are disconnected, the cluster is checkpointed. */
  async stop(): Promise<void> {
    await this.process?.stop('SIGINT', 15_000);
  }

  async kill9(): Promise<void> {
    await this.process?.kill9();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
