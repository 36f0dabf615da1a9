import { mkdtempSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { EmbeddedPostgres, freePort } from '@tracera/embedded-servers';
import { createTestDatabase, sharedInfra } from '@tracera/testing';
import { DatabaseUnreachableError, waitForDatabase } from '../src';
import { recordingLogger } from './fixtures';

/** A free port that `freePort` has not reserved, so EmbeddedPostgres will agree to listen on it. */
async function unreservedFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('waitForDatabase', () => {
  it('returns at once when Postgres answers', async () => {
    const url = await createTestDatabase('wait_ready');
    expect(await waitForDatabase(url, { timeoutMs: 5000 })).toBeLessThan(3000);
  });

  it('waits for a Postgres that is still starting', async () => {
    const port = await unreservedFreePort();
    const postgres = new EmbeddedPostgres({
      dataDir: mkdtempSync(join(sharedInfra().scratchDir, 'postgres-')),
      port,
      fsync: false,
    });
    const logger = recordingLogger();
    // `postgres` exists from initdb on; `tracera` is created only after the server first accepts connections.
    const waiting = waitForDatabase(`postgres://tracera@127.0.0.1:${port}/postgres`, {
      timeoutMs: 40_000,
      retryDelayMs: 100,
      logger,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await postgres.start();
      expect(await waiting).toBeGreaterThanOrEqual(300);
      expect(logger.lines[0]).toMatch(
        /^warn: postgres at tracera@127\.0\.0\.1:\d+\/postgres is not reachable yet \(.*ECONNREFUSED/,
      );
    } finally {
      await postgres.stop();
    }
  }, 60_000);

  it('gives up after its timeout, naming where it looked', async () => {
    const port = await freePort();
    const started = Date.now();
    const failure = waitForDatabase(`postgres://tracera:secret@127.0.0.1:${port}/tracera`, {
      timeoutMs: 1000,
      retryDelayMs: 100,
    });
    await expect(failure).rejects.toThrow(DatabaseUnreachableError);
    await expect(failure).rejects.toThrow(
      new RegExp(`^postgres at tracera@127\\.0\\.0\\.1:${port}/tracera is unreachable after 1 s`),
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('fails at once when waiting cannot help', async () => {
    const url = new URL(sharedInfra().postgresUrl);
    url.pathname = '/no_such_database';
    const started = Date.now();
    await expect(waitForDatabase(url.toString(), { timeoutMs: 10_000 })).rejects.toThrow(
      /refused the connection: database "no_such_database" does not exist/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
