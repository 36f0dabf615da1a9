import { createEnvelope } from '@tracera/contracts';
import { createTestDatabase } from '@tracera/testing';
import { type DataSource, type EntityManager } from 'typeorm';
import { ProcessedEvent, runOnce } from '../src';
import { migrateTestDatabase, openDataSource, SCHEMA } from './outbox-fixtures';

describe('runOnce', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const url = await createTestDatabase('idempotency_run_once');
    await migrateTestDatabase(url);
    dataSource = await openDataSource(url, 12);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE ${SCHEMA}.effects, ${SCHEMA}.processed_events`);
  });

  const newEventId = () => createEnvelope({ type: 'note.created', actor: 'u-1', data: {} }).id;

  const recordEffect =
    (eventId: string, delaySeconds = 0) =>
    async (manager: EntityManager) => {
      await manager.query(`INSERT INTO ${SCHEMA}.effects (event_id) VALUES ($1)`, [eventId]);
      if (delaySeconds > 0) await manager.query('SELECT pg_sleep($1)', [delaySeconds]);
    };

  const effectCount = async (eventId: string) => {
    const [{ n }] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.effects WHERE event_id = $1`,
      [eventId],
    );
    return n;
  };

  it('applies an event once and skips its redeliveries; consumers are independent', async () => {
    const id = newEventId();
    expect(await runOnce(dataSource.manager, 'search-cache', id, recordEffect(id))).toBe('applied');
    expect(await runOnce(dataSource.manager, 'search-cache', id, recordEffect(id))).toBe('duplicate');
    expect(await runOnce(dataSource.manager, 'analytics', id, recordEffect(id))).toBe('applied');
    expect(await effectCount(id)).toBe(2);
    const markers = await dataSource.getRepository(ProcessedEvent).findBy({ eventId: id });
    expect(markers.map((marker) => marker.consumer).sort()).toEqual(['analytics', 'search-cache']);
    expect(markers.every((marker) => marker.processedAt instanceof Date)).toBe(true);
  });

  it('rolls the marker back with a failing effect, so the next delivery applies it', async () => {
    const id = newEventId();
    await expect(
      runOnce(dataSource.manager, 'search-cache', id, async (manager) => {
        await recordEffect(id)(manager);
        throw new Error('index unavailable');
      }),
    ).rejects.toThrow('index unavailable');
    expect(await dataSource.getRepository(ProcessedEvent).countBy({ eventId: id })).toBe(0);
    expect(await effectCount(id)).toBe(0);

    expect(await runOnce(dataSource.manager, 'search-cache', id, recordEffect(id))).toBe('applied');
    expect(await effectCount(id)).toBe(1);
  });

  it("joins the caller's transaction: its rollback takes the marker with it", async () => {
    const id = newEventId();
    await expect(
      dataSource.transaction(async (manager) => {
        expect(await runOnce(manager, 'search-cache', id, recordEffect(id))).toBe('applied');
        throw new Error('the handler failed after the effect');
      }),
    ).rejects.toThrow('the handler failed after the effect');
    expect(await runOnce(dataSource.manager, 'search-cache', id, recordEffect(id))).toBe('applied');
    expect(await effectCount(id)).toBe(1);
  });

  it('lets one of two racing deliveries apply the effect; the other waits and skips it', async () => {
    const id = newEventId();
    const first = runOnce(dataSource.manager, 'search-cache', id, recordEffect(id, 0.3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const second = runOnce(dataSource.manager, 'search-cache', id, recordEffect(id));
    expect(await Promise.all([first, second])).toEqual(['applied', 'duplicate']);
    // The second blocked on the first's uncommitted marker rather than running alongside it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(await effectCount(id)).toBe(1);
  });

  it('hands the effect to a racing delivery when the first one fails', async () => {
    const id = newEventId();
    const first = runOnce(dataSource.manager, 'search-cache', id, async (manager) => {
      await recordEffect(id, 0.3)(manager);
      throw new Error('crashed mid-effect');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = runOnce(dataSource.manager, 'search-cache', id, recordEffect(id));
    await expect(first).rejects.toThrow('crashed mid-effect');
    expect(await second).toBe('applied');
    expect(await effectCount(id)).toBe(1);
  });

  it('applies once among ten concurrent deliveries', async () => {
    const id = newEventId();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => runOnce(dataSource.manager, 'analytics', id, recordEffect(id, 0.05))),
    );
    expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(9);
    expect(await effectCount(id)).toBe(1);
  });

  it('rejects a malformed event id or consumer before touching the database', async () => {
    const effect = jest.fn(() => Promise.resolve());
    await expect(runOnce(dataSource.manager, 'search-cache', 'not-a-uuid', effect)).rejects.toThrow(
      /not a UUID/,
    );
    await expect(runOnce(dataSource.manager, '', newEventId(), effect)).rejects.toThrow(/consumer/);
    expect(effect).not.toHaveBeenCalled();
  });
});
