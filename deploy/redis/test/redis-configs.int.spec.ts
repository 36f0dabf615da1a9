import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type Redis from 'ioredis';
import { ensureRedisBinaries } from '@tracera/embedded-servers';
import {
  ACL_PASSWORD_VARIABLES,
  aclPasswordEnv,
  type AclUser,
  anonymousReply,
  EntrypointRedis,
  REDIS_DEPLOY_DIR,
  redisContainerDirs,
  runEntrypoint,
  testAclPasswords,
} from './support/entrypoint-redis';

const execFileAsync = promisify(execFile);

/** `CONFIG GET name` as one value. */
async function configValue(redis: Redis, name: string): Promise<string> {
  const reply = (await redis.config('GET', name)) as string[];
  return reply[1];
}

/** The error a command fails with, or `'OK'` when it succeeds. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'OK';
  } catch (error) {
    return (error as Error).message.split(' ')[0];
  }
}

function commandLineOf(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
}

/** The process whose parent is `pid` (none: the entrypoint exec'd redis-server itself). */
function childrenOf(pid: number): string {
  const path = `/proc/${pid}/task/${pid}/children`;
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
}

describe('core Redis: core.conf started by core-entrypoint.sh', () => {
  const passwords = testAclPasswords();
  let core: EntrypointRedis;
  let admin: Redis;
  const connections: Redis[] = [];
  const as = async (user: AclUser, password: string): Promise<Redis> => {
    const redis = core.connect(user, password);
    connections.push(redis);
    await redis.connect();
    return redis;
  };

  beforeAll(async () => {
    core = await EntrypointRedis.start('core-conf', 'core-entrypoint.sh', aclPasswordEnv(passwords));
    admin = await as('admin', passwords.admin);
  });
  afterAll(async () => {
    for (const redis of connections) redis.disconnect();
    await core?.stop();
  });

  it('never evicts and persists with AOF every second plus RDB snapshots', async () => {
    expect({
      policy: await configValue(admin, 'maxmemory-policy'),
      appendonly: await configValue(admin, 'appendonly'),
      appendfsync: await configValue(admin, 'appendfsync'),
      preamble: await configValue(admin, 'aof-use-rdb-preamble'),
      protectedMode: await configValue(admin, 'protected-mode'),
      aclfile: await configValue(admin, 'aclfile'),
      dir: await configValue(admin, 'dir'),
    }).toEqual({
      policy: 'noeviction',
      appendonly: 'yes',
      appendfsync: 'everysec',
      preamble: 'yes',
      protectedMode: 'yes',
      aclfile: join(core.dirs.runDir, 'users.acl'),
      dir: core.dirs.dataDir,
    });
    expect(await configValue(admin, 'save')).toMatch(/^\d+ \d+( \d+ \d+)*$/);
    // The shipped file says /data; only the test copy points elsewhere.
    expect(readFileSync(join(REDIS_DEPLOY_DIR, 'core.conf'), 'utf8')).toMatch(/^dir \/data$/m);
    expect(readFileSync(join(REDIS_DEPLOY_DIR, 'core.conf'), 'utf8')).not.toMatch(/^\s*rename-command/m);
  });

  it('runs redis-server as the entrypoint process itself (exec), so it receives the stop signal', () => {
    expect(commandLineOf(core.pid!)).toMatch(/^redis-server /);
    expect(childrenOf(core.pid!)).toBe('');
  });

  it('answers NOAUTH without credentials and refuses the default user', async () => {
    expect(await anonymousReply(core.port, 'GET tr:s:x')).toMatch(/^-NOAUTH/);
    expect(await anonymousReply(core.port, 'AUTH anything')).toMatch(/^-WRONGPASS/);
    expect(await anonymousReply(core.port, 'AUTH default anything')).toMatch(/^-WRONGPASS/);
    expect(await anonymousReply(core.port, 'AUTH gateway wrong')).toMatch(/^-WRONGPASS/);
    expect(await admin.call('ACL', 'GETUSER', 'default')).toEqual(expect.arrayContaining(['flags', ['off']]));
  });

  const services = ['gateway', 'auth', 'content', 'search-cache', 'messaging', 'analytics'] as const;

  it.each(services)(
    'lets %s do its own work but no admin command, foreign key or foreign channel',
    async (service) => {
      const redis = await as(service, passwords[service]);
      expect(redis.status).toBe('ready');
      expect(await redis.ping()).toBe('PONG');
      // Its own inbox: every service may read and write it.
      const inbox = `tr:{inbox:${service}-host-1-abcd}`;
      expect(await outcome(() => redis.xadd(inbox, '*', 'k', 'v'))).toBe('OK');
      expect(await outcome(() => redis.xlen(inbox))).toBe('OK');
      expect(await outcome(() => redis.info('memory'))).toBe('OK');

      const denied = {
        flushall: await outcome(() => redis.flushall()),
        flushdb: await outcome(() => redis.flushdb()),
        keys: await outcome(() => redis.keys('*')),
        scan: await outcome(() => redis.scan(0)),
        configSet: await outcome(() => redis.config('SET', 'maxmemory-policy', 'allkeys-lru')),
        configGet: await outcome(() => redis.config('GET', 'requirepass')),
        // DEBUG is also switched off server-wide (enable-debug-command no), which answers first.
        debug: String(await admin.call('ACL', 'DRYRUN', service, 'DEBUG', 'SLEEP', '0')).startsWith(
          'This user has no permissions',
        )
          ? 'NOPERM'
          : 'allowed',
        module: String(await admin.call('ACL', 'DRYRUN', service, 'MODULE', 'LIST')).startsWith(
          'This user has no permissions',
        )
          ? 'NOPERM'
          : 'allowed',
        shutdown: await outcome(() => redis.call('SHUTDOWN', 'NOSAVE')),
        monitor: await outcome(() => redis.call('MONITOR')),
        acl: await outcome(() => redis.call('ACL', 'LIST')),
        replicaof: await outcome(() => redis.call('REPLICAOF', 'NO', 'ONE')),
        otherPrefix: await outcome(() => redis.set('other:key', '1')),
        sessionsOfOthers: await outcome(() =>
          redis.get(service === 'gateway' || service === 'auth' ? 'tr:{c:x}' : 'tr:s:x'),
        ),
        // Scripts are checked too: a script cannot reach a key the user cannot.
        scriptForeignKey: await outcome(() =>
          redis.eval("return redis.call('SET', KEYS[1], '1')", 1, 'other:key'),
        ),
        foreignChannel: await outcome(() => redis.publish('other-channel', 'x')),
      };
      expect(denied).toEqual(Object.fromEntries(Object.keys(denied).map((name) => [name, 'NOPERM'])));
    },
  );

  it('gives each service only the streams it produces, serves or reads', async () => {
    const gateway = await as('gateway', passwords.gateway);
    const content = await as('content', passwords.content);
    const searchCache = await as('search-cache', passwords['search-cache']);
    expect({
      gatewayCallsContent: await outcome(() => gateway.xadd('tr:{rpc:content}', '*', 'k', 'v')),
      gatewayWritesContentEvents: await outcome(() => gateway.xadd('tr:{ev:content}', '*', 'k', 'v')),
      gatewayLease: await outcome(() => gateway.set('tr:{ev:auth}:lease:gateway', 't', 'PX', 1000, 'NX')),
      gatewayPresence: await outcome(() => gateway.zadd('tr:presence:due', 1, 'u')),
      gatewayAdapter: await outcome(() => gateway.publish('tr:socket.io#/#room', 'x')),
      contentPublishes: await outcome(() => content.xadd('tr:{ev:content}', '*', 'k', 'v')),
      contentReadsAuthEvents: await outcome(() => content.xrange('tr:{ev:auth}', '-', '+')),
      contentSessions: await outcome(() => content.get('tr:s:x')),
      searchReadsContent: await outcome(() => searchCache.xrange('tr:{ev:content}', '-', '+')),
      searchWritesContentEvents: await outcome(() => searchCache.xadd('tr:{ev:content}', '*', 'k', 'v')),
      searchRepliesToGateway: await outcome(() =>
        searchCache.xadd('tr:{inbox:gateway-h-1-a}', '*', 'k', 'v'),
      ),
      searchReadsGatewayInbox: await outcome(() => searchCache.xrange('tr:{inbox:gateway-h-1-a}', '-', '+')),
    }).toEqual({
      gatewayCallsContent: 'OK',
      gatewayWritesContentEvents: 'NOPERM',
      gatewayLease: 'OK',
      gatewayPresence: 'OK',
      gatewayAdapter: 'OK',
      contentPublishes: 'OK',
      contentReadsAuthEvents: 'NOPERM',
      contentSessions: 'NOPERM',
      searchReadsContent: 'OK',
      // XREADGROUP needs write access to the stream, so a reader could append too; no service does.
      searchWritesContentEvents: 'OK',
      searchRepliesToGateway: 'OK',
      searchReadsGatewayInbox: 'NOPERM',
    });
  });

  it('lets replication, sentinel and backup users do their job only', async () => {
    const backup = await as('backup', passwords.backup);
    const sentinel = await as('sentinel', passwords.sentinel);
    const replication = await as('replication', passwords.replication);
    expect({
      backupInfo: await outcome(() => backup.info('persistence')),
      backupLastsave: await outcome(() => backup.lastsave()),
      backupGet: await outcome(() => backup.get('tr:s:x')),
      backupFlush: await outcome(() => backup.flushall()),
      sentinelInfo: await outcome(() => sentinel.info('replication')),
      sentinelHello: await outcome(() => sentinel.publish('__sentinel__:hello', 'x')),
      sentinelGet: await outcome(() => sentinel.get('tr:s:x')),
      sentinelOtherChannel: await outcome(() => sentinel.publish('tr:socket.io#/#', 'x')),
      replicationPing: await outcome(() => replication.ping()),
      replicationGet: await outcome(() => replication.get('tr:s:x')),
    }).toEqual({
      backupInfo: 'OK',
      backupLastsave: 'OK',
      backupGet: 'NOPERM',
      backupFlush: 'NOPERM',
      sentinelInfo: 'OK',
      sentinelHello: 'OK',
      sentinelGet: 'NOPERM',
      sentinelOtherChannel: 'NOPERM',
      replicationPing: 'OK',
      replicationGet: 'NOPERM',
    });
  });

  it('lets the backup user take an RDB snapshot with redis-cli --rdb', async () => {
    await admin.set('tr:s:backup-probe', 'kept');
    const target = join(core.dirs.runDir, 'backup.rdb');
    const redisCli = join(dirname(ensureRedisBinaries().redisServer), 'redis-cli');
    await execFileAsync(
      redisCli,
      ['-h', '127.0.0.1', '-p', String(core.port), '--user', 'backup', '--no-auth-warning', '--rdb', target],
      { env: { ...process.env, REDISCLI_AUTH: passwords.backup }, timeout: 15_000 },
    );
    const snapshot = readFileSync(target);
    expect(snapshot.subarray(0, 5).toString()).toBe('REDIS');
    expect(snapshot.includes(Buffer.from('tr:s:backup-probe'))).toBe(true);
  });

  it('renders an ACL file readable by its owner only, with sha256 hashes and no password in it', () => {
    const aclFile = join(core.dirs.runDir, 'users.acl');
    const text = readFileSync(aclFile, 'utf8');
    expect(statSync(aclFile).mode & 0o077).toBe(0);
    for (const [user, password] of Object.entries(passwords)) {
      expect(text).not.toContain(password);
      const hash = createHash('sha256').update(password).digest('hex');
      expect(text).toMatch(new RegExp(`^user ${user} on #${hash} `, 'm'));
    }
    expect(text).toMatch(/^user default off /m);
    expect(text).not.toMatch(/<[A-Z_:0-9]+>/);
    expect(text.split('\n').filter((line) => line && !line.startsWith('user '))).toEqual([]);
  });
});

describe('core-entrypoint.sh refusals and REDIS_KEY_PREFIX', () => {
  const passwords = testAclPasswords();

  it('refuses to start, naming every missing password variable, and writes no ACL file', async () => {
    const dirs = redisContainerDirs('core-missing');
    const env = aclPasswordEnv(passwords);
    delete env.REDIS_GATEWAY_PASSWORD;
    env.REDIS_BACKUP_PASSWORD = '';
    const run = await runEntrypoint('core-entrypoint.sh', dirs, env, ['--port', '0']);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('REDIS_GATEWAY_PASSWORD');
    expect(run.output).toContain('REDIS_BACKUP_PASSWORD');
    expect(run.output).not.toContain('REDIS_AUTH_PASSWORD');
    expect(existsSync(join(dirs.runDir, 'users.acl'))).toBe(false);
  });

  it('puts REDIS_KEY_PREFIX into key and channel patterns', async () => {
    const redis = await EntrypointRedis.start('core-prefix', 'core-entrypoint.sh', {
      ...aclPasswordEnv(passwords),
      REDIS_KEY_PREFIX: 'acme.prod:',
    });
    const gateway = redis.connect('gateway', passwords.gateway);
    try {
      await gateway.connect();
      expect({
        own: await outcome(() => gateway.set('acme.prod:{rl:login:ip:1}', '1')),
        defaultPrefix: await outcome(() => gateway.set('tr:{rl:login:ip:1}', '1')),
        channel: await outcome(() => gateway.publish('acme.prod:socket.io#/#', 'x')),
        psubscribe: await outcome(() => gateway.psubscribe('acme.prod:socket.io#/#*')),
      }).toEqual({ own: 'OK', defaultPrefix: 'NOPERM', channel: 'OK', psubscribe: 'OK' });
    } finally {
      gateway.disconnect();
      await redis.stop();
    }
  });

  it('refuses a prefix that ACL glob patterns cannot follow', async () => {
    const run = await runEntrypoint('core-entrypoint.sh', redisContainerDirs('core-glob'), {
      ...aclPasswordEnv(passwords),
      REDIS_KEY_PREFIX: 'tr*',
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("REDIS_KEY_PREFIX 'tr*'");
  });

  it('announces the compose service name to its master (core redis, replica redis-replica), never an IP', async () => {
    const announced: Record<string, string> = {};
    for (const [script, name] of [
      ['core-entrypoint.sh', 'core-announce'],
      ['replica-entrypoint.sh', 'replica-announce'],
    ]) {
      const server = await EntrypointRedis.start(name, script, aclPasswordEnv(passwords));
      const admin = server.connect('admin', passwords.admin);
      try {
        await admin.connect();
        announced[script] = await configValue(admin, 'replica-announce-ip');
      } finally {
        admin.disconnect();
        await server.stop();
      }
    }
    expect(announced).toEqual({ 'core-entrypoint.sh': 'redis', 'replica-entrypoint.sh': 'redis-replica' });
    const run = await runEntrypoint('replica-entrypoint.sh', redisContainerDirs('replica-announce-bad'), {
      ...aclPasswordEnv(passwords),
      REDIS_ANNOUNCE_HOST: 'redis replica',
    });
    expect({ code: run.code, named: run.output.includes("REDIS_ANNOUNCE_HOST 'redis replica'") }).toEqual({
      code: 1,
      named: true,
    });
  });

  it('names each ACL user the compose file passes a password for', () => {
    const template = readFileSync(join(REDIS_DEPLOY_DIR, 'users.acl.template'), 'utf8');
    for (const [user, variable] of Object.entries(ACL_PASSWORD_VARIABLES)) {
      expect(template).toMatch(new RegExp(`^user ${user} on #<sha256:${variable}> `, 'm'));
    }
    // No service user is widened to everything.
    const serviceLines = template.split(/\n(?=user )/).filter((block) => !block.startsWith('user admin'));
    expect(
      serviceLines.filter((block) => /\+@all|~\*|&\*|allkeys|allchannels|allcommands/.test(block)),
    ).toEqual([]);
  });
});

describe('cache Redis: cache.conf started by cache-entrypoint.sh', () => {
  const password = 'cache "pass\\word $HOME';
  let cache: EntrypointRedis;
  let client: Redis;

  beforeAll(async () => {
    cache = await EntrypointRedis.start('cache-conf', 'cache-entrypoint.sh', {
      CACHE_REDIS_PASSWORD: password,
      CACHE_REDIS_MAXMEMORY: '64mb',
    });
    client = cache.connect(undefined, password);
    await client.connect();
  });
  afterAll(async () => {
    client?.disconnect();
    await cache?.stop();
  });

  // The default user may not run CONFIG, so the settings are read where it may: INFO.
  it('evicts least recently used keys within maxmemory and keeps nothing on disk', async () => {
    const info = async (section: string): Promise<Record<string, string>> =>
      Object.fromEntries(
        (await client.info(section)).split('\r\n').map((line): [string, string] => {
          const [name, value = ''] = line.split(':');
          return [name, value];
        }),
      );
    const [memory, persistence] = await Promise.all([info('memory'), info('persistence')]);
    expect({
      policy: memory.maxmemory_policy,
      maxmemory: memory.maxmemory,
      aof: persistence.aof_enabled,
      save: /^save ""$/m.test(readFileSync(join(cache.dirs.configDir, 'cache.conf'), 'utf8')),
    }).toEqual({ policy: 'allkeys-lru', maxmemory: String(64 * 1024 * 1024), aof: '0', save: true });
  });

  it('lets the default user read, write and run scripts, and refuses admin and dangerous commands', async () => {
    await client.call('CLIENT', 'SETNAME', 'cache-check');
    expect(await client.set('cache-check', 'v', 'PX', 60_000)).toBe('OK');
    expect(await client.eval("return redis.call('GET', KEYS[1])", 1, 'cache-check')).toBe('v');
    const refusal = (command: string, ...args: string[]) =>
      client.call(command, ...args).then(
        () => 'allowed',
        (error: Error) => error.message.split(' ')[0],
      );
    expect({
      flushall: await refusal('FLUSHALL'),
      flushdb: await refusal('FLUSHDB'),
      keys: await refusal('KEYS', '*'),
      configSet: await refusal('CONFIG', 'SET', 'maxmemory', '1mb'),
      configGet: await refusal('CONFIG', 'GET', 'requirepass'),
      shutdown: await refusal('SHUTDOWN', 'NOSAVE'),
      monitor: await refusal('MONITOR'),
      aclList: await refusal('ACL', 'LIST'),
      clientKill: await refusal('CLIENT', 'KILL', 'ID', '1'),
    }).toEqual({
      flushall: 'NOPERM',
      flushdb: 'NOPERM',
      keys: 'NOPERM',
      configSet: 'NOPERM',
      configGet: 'NOPERM',
      shutdown: 'NOPERM',
      monitor: 'NOPERM',
      aclList: 'NOPERM',
      clientKill: 'NOPERM',
    });
    expect(await client.get('cache-check')).toBe('v');
  });

  it('requires the password, which never appears on the command line', async () => {
    expect(await anonymousReply(cache.port, 'GET x')).toMatch(/^-NOAUTH/);
    expect(await anonymousReply(cache.port, 'AUTH wrong')).toMatch(/^-WRONGPASS/);
    expect(commandLineOf(cache.pid!)).not.toContain('pass');
    expect(commandLineOf(cache.pid!)).toMatch(/^redis-server /);
  });

  it('defaults maxmemory to 256mb, refuses a missing password and a malformed size', async () => {
    const defaults = await EntrypointRedis.start('cache-defaults', 'cache-entrypoint.sh', {
      CACHE_REDIS_PASSWORD: 'p',
    });
    const redis = defaults.connect(undefined, 'p');
    try {
      await redis.connect();
      expect(await redis.info('memory')).toContain(`maxmemory:${256 * 1024 * 1024}\r\n`);
    } finally {
      redis.disconnect();
      await defaults.stop();
    }
    const dirs = redisContainerDirs('cache-refusals');
    const missing = await runEntrypoint('cache-entrypoint.sh', dirs, {});
    expect({ code: missing.code, named: missing.output.includes('CACHE_REDIS_PASSWORD') }).toEqual({
      code: 1,
      named: true,
    });
    const malformed = await runEntrypoint('cache-entrypoint.sh', dirs, {
      CACHE_REDIS_PASSWORD: 'p',
      CACHE_REDIS_MAXMEMORY: '1; rm',
    });
    expect({ code: malformed.code, named: malformed.output.includes('CACHE_REDIS_MAXMEMORY') }).toEqual({
      code: 1,
      named: true,
    });
  });
});
