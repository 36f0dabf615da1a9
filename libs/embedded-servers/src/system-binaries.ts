import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface RedisBinaries {
  redisServer: string;
}

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
  version: number;
}

export class MissingBinaryError extends Error {
  constructor(what: string, debianPackage: string) {
    super(
      `${what} was not found on PATH or in /usr/lib/postgresql/*/bin. ` +
        `Install it (Debian/Ubuntu: apt-get install -y ${debianPackage}) or run as root to have it installed.`,
    );
    this.name = 'MissingBinaryError';
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function findRedis(): RedisBinaries | undefined {
  const redisServer =
    onPath('redis-server') ?? ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(isExecutable);
  return redisServer ? { redisServer } : undefined;
}

function postgresVersion(postgres: string): number {
  const out = execFileSync(postgres, ['--version'], { encoding: 'utf8' });
  const match = /(\d+)(?:\.\d+)?/.exec(out);
  return match ? Number(match[1]) : 0;
}

function findPostgres(): PostgresBinaries | undefined {
  // Debian keeps server binaries off PATH, one folder per major version; prefer the newest.
  const candidates: string[] = [];
  const fromPath = onPath('postgres');
  if (fromPath && onPath('initdb')) candidates.push(join(fromPath, '..'));
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  } catch {
    // no Debian layout
  }
  for (const dir of candidates) {
    const postgres = join(dir, 'postgres');
    const initdb = join(dir, 'initdb');
    if (isExecutable(postgres) && isExecutable(initdb)) {
      const version = postgresVersion(postgres);
      if (version >= 15) return { postgres, initdb, version };
    }
  }
  return undefined;
}

let aptUpdated = false;

function aptInstall(packages: string[], log: (line: string) => void): void {
  if (process.getuid?.() !== 0) return;
  if (!isExecutable('/usr/bin/apt-get')) return;
  log(`installing ${packages.join(', ')} from Debian packages…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    aptUpdated = true;
  }
  const result = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'ignore',
    env,
  });
  if (result.status !== 0) log(`apt-get install ${packages.join(' ')} exited with ${result.status}`);
}

/** Finds `redis-server`, installing Debian's package when it is missing and we are root. */
export function ensureRedisBinaries(log: (line: string) => void = () => undefined): RedisBinaries {
  const found = findRedis();
  if (found) return found;
  aptInstall(['redis-server'], log);
  const installed = findRedis();
  if (!installed) throw new MissingBinaryError('redis-server', 'redis-server');
  return installed;
}

/** Finds PostgreSQL 15+ server binaries, installing Debian's package when missing and we are root. */
export function ensurePostgresBinaries(log: (line: string) => void = () => undefined): PostgresBinaries {
  const found = findPostgres();
  if (found) return found;
  aptInstall(['postgresql'], log);
  const installed = findPostgres();
  if (!installed) throw new MissingBinaryError('PostgreSQL 15+ server (postgres, initdb)', 'postgresql');
  return installed;
}
