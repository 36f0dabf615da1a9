import { Injectable } from '@nestjs/common';
import { isCluster, LuaScript, RedisClients, RedisKeys, type RedisConnection } from '@tracera/redis';
import { type StreakRecord } from './streak-record';

/**
 * Writes a streak unless the hash already holds a later version, so replicas and redeliveries that copy
 * streaks in any order leave the latest one.
 */
const WRITE_IF_NOT_OLDER = new LuaScript(
  'analytics-streak-write',
  `local stored = redis.call('HGET', KEYS[1], 'version')
   if stored and tonumber(stored) > tonumber(ARGV[1]) then return 0 end
   redis.call('HSET', KEYS[1], 'version', ARGV[1], 'runStart', ARGV[2], 'lastDay', ARGV[3], 'longest', ARGV[4])
   return 1`,
);

/**
 * The streak hashes in core Redis (`<prefix>{u:<id>}:streak`), the copy `analytics.streak` reads. They are
 * derived from `analytics.streaks`, so losing one costs a database read, never a wrong answer.
 */
@Injectable()
export class StreakHashes {
  constructor(
    private readonly clients: RedisClients,
    private readonly keys: RedisKeys,
  ) {}

  keyOf(userId: string): string {
    return this.keys.tagged('u', userId, 'streak');
  }

  /** The stored copy, or undefined when there is none. */
  async read(userId: string): Promise<StreakRecord | undefined> {
    const hash = await this.clients.core.hgetall(this.keyOf(userId));
    if (hash.version === undefined) return undefined;
    return {
      runStart: hash.runStart || null,
      lastDay: hash.lastDay || null,
      longest: Number(hash.longest ?? 0),
      version: Number(hash.version),
    };
  }

  /** Stores each streak unless its hash holds a later version already. */
  async write(streaks: ReadonlyMap<string, StreakRecord>): Promise<void> {
    const writes = [...streaks].map(([userId, record]) => ({
      key: this.keyOf(userId),
      args: [record.version, record.runStart ?? '', record.lastDay ?? '', record.longest],
    }));
    if (writes.length === 0) return;
    const connection = this.clients.core;
    // A Cluster pipeline must stay in one slot, and every person's hash has a slot of its own.
    if (isCluster(connection)) {
      await Promise.all(writes.map((write) => WRITE_IF_NOT_OLDER.run(connection, [write.key], write.args)));
      return;
    }
    // One pipeline per batch: one socket write and one round trip, however many people it holds.
    let failure = await this.pipelined(connection, writes);
    if (failure?.message.startsWith('NOSCRIPT')) {
      await connection.script('LOAD', WRITE_IF_NOT_OLDER.source);
      failure = await this.pipelined(connection, writes);
    }
    if (failure) throw failure;
  }

  /** Runs the writes as one pipeline of EVALSHAs; the first error, if any. */
  private async pipelined(
    connection: RedisConnection,
    writes: { key: string; args: (string | number)[] }[],
  ): Promise<Error | undefined> {
    const pipeline = connection.pipeline();
    for (const write of writes) pipeline.evalsha(WRITE_IF_NOT_OLDER.sha, 1, write.key, ...write.args);
    const replies = (await pipeline.exec()) ?? [];
    if (replies.length < writes.length) return new Error('the streak pipeline got fewer replies than writes');
    return replies.find(([error]) => error)?.[0] ?? undefined;
  }
}
