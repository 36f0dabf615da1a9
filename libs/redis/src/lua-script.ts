import { createHash } from 'node:crypto';
import { type RedisConnection } from './redis-connection.factory';

/**
 * A Lua script run by its SHA (EVALSHA), sent in full only when the server does not know it yet (after a
 * restart or failover), so hot paths don't resend the source on every call.
 */
export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(connection: RedisConnection, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await connection.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return connection.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
