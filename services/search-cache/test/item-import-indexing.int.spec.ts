import { contentEvent } from '@tracera/contracts';
import { ApplyItemChangeUseCase } from '../src/use-cases/apply-item-change.use-case';
import { bookmark, newId, SearchTestBed } from './search-test-bed';

const IMPORTED = 3_000;
const REVISED = 100;
// Published in chunks of concurrent emits: fast, without thousands of commands in flight at once.
const EMIT_CHUNK = 250;

/** {@link SearchTestBed.settled} waits 10 s at most; a slow indexer should fail on the counts, not time out. */
async function settledWithin(bed: SearchTestBed, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await bed.settled();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

describe('indexing one user’s import (real search-cache app, real content stream)', () => {
  let bed: SearchTestBed;

  beforeAll(async () => {
    bed = await SearchTestBed.start();
  });

  afterAll(async () => {
    await bed.close();
  });

  it('lands every imported item exactly once, keeping the highest version of out-of-order revisions', async () => {
    const user = newId();
    const imported = Array.from({ length: IMPORTED }, (_, index) =>
      bookmark({ title: `Imported page ${index}`, description: `marmalade${index % 50}`, tags: ['import'] }),
    );
    const events: (() => Promise<void>)[] = imported.map(
      (item) => () =>
        bed.emit(contentEvent.bookmarkCreated, { userId: user, bookmark: item, source: 'import' }),
    );
    // Some items revised twice, their events adjacent and out of order, so they share a batch.
    const revised = imported.slice(0, REVISED);
    for (const item of revised) {
      const third = { ...item, title: `${item.title} final`, version: 3 };
      const second = { ...item, title: `${item.title} draft`, version: 2 };
      events.push(() =>
        bed.emit(contentEvent.bookmarkUpdated, { userId: user, bookmark: third, changed: ['title'] }),
      );
      events.push(() =>
        bed.emit(contentEvent.bookmarkUpdated, { userId: user, bookmark: second, changed: ['title'] }),
      );
    }

    // The first batch waits until everything is published, so the stream holds a backlog as during an import
    // and the time measured is the indexer's, not the publisher's.
    const applier = bed.app.get(ApplyItemChangeUseCase);
    const executeBatch = applier.executeBatch.bind(applier);
    let openGate = () => undefined as void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let lastAppliedAt = 0;
    const spy = jest.spyOn(applier, 'executeBatch').mockImplementation(async (...args) => {
      await gate;
      const applied = await executeBatch(...args);
      lastAppliedAt = performance.now();
      return applied;
    });
    try {
      for (let start = 0; start < events.length; start += EMIT_CHUNK) {
        await Promise.all(events.slice(start, start + EMIT_CHUNK).map((emit) => emit()));
      }
      const released = performance.now();
      openGate();
      await settledWithin(bed, 60_000);
      const seconds = (lastAppliedAt - released) / 1000;
      console.log(
        `search-cache indexed ${events.length} item events of one user in ${seconds.toFixed(2)} s: ` +
          `${Math.round(events.length / seconds)} events/s in ${spy.mock.calls.length} batches`,
      );
    } finally {
      spy.mockRestore();
    }

    const { rows } = await bed.sql.query<{ id: string; version: number; title: string; deleted: boolean }>(
      'SELECT id, version, title, deleted FROM search.documents WHERE user_id = $1',
      [user],
    );
    expect(rows).toHaveLength(IMPORTED);
    const stored = new Map(rows.map((row) => [row.id, row]));
    for (const item of revised) {
      expect(stored.get(item.id)).toMatchObject({ version: 3, title: `${item.title} final`, deleted: false });
    }
    for (const item of imported.slice(REVISED)) {
      expect(stored.get(item.id)).toMatchObject({ version: 1, title: item.title, deleted: false });
    }
    // The lexicon learned the imported words, and search sees the final state (its cache was invalidated).
    const words = await bed.sql.query('SELECT 1 FROM search.lexicon WHERE user_id = $1 AND word = $2', [
      user,
      'marmalade7',
    ]);
    expect(words.rowCount).toBe(1);
    const found = await bed.search(user, `"${revised[0].title} final"`);
    expect(found.items.map((item) => item.id)).toContain(revised[0].id);
  });
});
