import { Client } from 'pg';
import Redis from 'ioredis';
import { startThrowawayPostgres, startThrowawayRedis } from '@tracera/testing';

describe('embedded servers', () => {
  it('runs a redis-server whose AOF survives kill -9 and restart', async () => {
    const redis = await startThrowawayRedis({ persistence: true });
    const client = new Redis({
      host: '127.0.0.1',
      port: redis.port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
    try {
      await client.connect();
      await client.set('k', 'v');
      await new Promise((r) => setTimeout(r, 1100)); // AOF everysec
      client.disconnect();
      await redis.kill9();
      await redis.start();
      const again = new Redis({ host: '127.0.0.1', port: redis.port });
      expect(await again.get('k')).toBe('v');
      again.disconnect();
    } finally {
      client.disconnect();
      await redis.stop();
    }
  });

  it('runs PostgreSQL as an unprivileged user and keeps data across a restart', async () => {
    const postgres = await startThrowawayPostgres();
    try {
      const client = new Client({ connectionString: postgres.url() });
      await client.connect();
      await client.query('CREATE TABLE t (v int)');
      await client.query('INSERT INTO t VALUES (7)');
      const { rows } = await client.query<{ usename: string }>(
        'SELECT usename FROM pg_stat_activity WHERE pid = pg_backend_pid()',
      );
      expect(rows[0].usename).toBe('tracera');
      await client.end();
      await postgres.restart();
      const again = new Client({ connectionString: postgres.url() });
      await again.connect();
      expect((await again.query('SELECT v FROM t')).rows).toEqual([{ v: 7 }]);
      await again.end();
    } finally {
      await postgres.stop();
    }
  });
});
