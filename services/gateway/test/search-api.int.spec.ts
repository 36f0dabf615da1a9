import { searchResult } from '@tracera/contracts';
import { RedisClients } from '@tracera/redis';
import { StreamNames } from '@tracera/streams';
import { expectProblem, problemFields } from './gateway-auth.fixture';
import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';

type SearchAnswer = ReturnType<typeof searchResult.parse>;

const FRESHNESS_WRITES = 50;
const FRESHNESS_BOUND_MS = 1000;

/** Nearest-rank percentile of `samples`. */
function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/** GET /search through the gateway, answered by the search-cache service's read model. */
describe('search API', () => {
  let stack: ContentStack;
  let user: SignedInUser;

  beforeAll(async () => {
    stack = await startContentStack();
    user = await registerUser(stack, 'search');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const search = async (q: string, extra = '') => {
    const response = await user.client.get(`/search?q=${encodeURIComponent(q)}${extra}`);
    expect({ status: response.statusCode, body: response.body }).toMatchObject({ status: 200 });
    return searchResult.parse(response.json()) satisfies SearchAnswer;
  };

  /** Polls until `check` holds for the answer to `q`; answers how long that took after `since`. */
  const visibleWithin = async (q: string, check: (answer: SearchAnswer) => boolean, since: number) => {
    for (;;) {
      const answer = await search(q, '&limit=200');
      if (check(answer)) return Date.now() - since;
      if (Date.now() - since > 5000) throw new Error(`"${q}" did not converge: ${JSON.stringify(answer)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('answers the contract: hits with type, id, title, snippet, score, updatedAt, facets, cursor, tookMs', async () => {
    const bookmark = (
      await user.client.post('/bookmarks', {
        url: 'https://quokka.example.com/',
        title: 'Quokka facts',
        description: 'The happiest quokka',
        tags: ['marsupial'],
      })
    ).json<{ bookmark: { id: string } }>().bookmark;
    const note = (await user.client.post('/notes', { title: 'Quokka trip', body: 'Saw a quokka' })).json<{
      note: { id: string };
    }>().note;
    await visibleWithin('quokka', (answer) => answer.items.length === 2, Date.now());

    const answer = await search('quokka');
    expect(answer.facets).toEqual({ bookmark: 1, note: 1, task: 0, file: 0 });
    expect(answer.items.map((hit) => hit.id).sort()).toEqual([bookmark.id, note.id].sort());
    const hit = answer.items.find((item) => item.id === bookmark.id)!;
    expect(hit).toMatchObject({
      type: 'bookmark',
      title: 'Quokka facts',
      url: 'https://quokka.example.com/',
    });
    expect(hit.snippet).toContain('<mark>');
    expect(answer.nextCursor).toBeNull();
    expect(answer.tookMs).toEqual(expect.any(Number));

    const notesOnly = await search('type:note quokka');
    expect(notesOnly.items.map((item) => item.id)).toEqual([note.id]);
    expect((await search('#marsupial')).items.map((item) => item.id)).toEqual([bookmark.id]);

    const firstPage = await search('quokka', '&limit=1');
    expect(firstPage.items).toHaveLength(1);
    expect(firstPage.nextCursor).toEqual(expect.any(String));
    const secondPage = await search('quokka', `&limit=1&cursor=${encodeURIComponent(firstPage.nextCursor!)}`);
    expect(secondPage.items.map((item) => item.id)).not.toEqual(firstPage.items.map((item) => item.id));

    expect((await user.client.delete(`/notes/${note.id}`)).statusCode).toBe(204);
    await visibleWithin('quokka', (after) => after.items.every((item) => item.id !== note.id), Date.now());
  });

  it('answers a repeated search from the result cache at the gateway, without asking the search service', async () => {
    await user.client.post('/notes', { title: 'Wombat burrows', body: 'Cube-shaped droppings' });
    await visibleWithin('wombat', (answer) => answer.items.length === 1, Date.now());
    const requests = () =>
      stack.gateway
        .get(RedisClients)
        .core.xlen(new StreamNames(stack.config.redis.keyPrefix).requests('search-cache'));

    const computed = await search('wombat  type:note');
    const before = await requests();
    // The same query spelt differently has the same cache key.
    const repeated = await search('type:note wombat');
    expect(await requests()).toBe(before);
    expect(repeated).toMatchObject({ cached: true, items: computed.items, facets: computed.facets });

    await user.client.post('/notes', { title: 'Wombat diet', body: 'Grasses and roots' });
    const fresh = await visibleWithin('type:note wombat', (answer) => answer.items.length === 2, Date.now());
    expect(fresh).toBeLessThan(FRESHNESS_BOUND_MS);
  });

  it('refuses bad queries with 400 naming the parameter', async () => {
    for (const [query, field] of [
      [`q=${'x'.repeat(501)}`, 'q'],
      ['q=a&limit=0', 'limit'],
      ['q=a&limit=201', 'limit'],
      ['q=a&limit=ten', 'limit'],
      ['q=a&sort=score', 'sort'],
    ]) {
      expect(problemFields(expectProblem(await user.client.get(`/search?${query}`), 400))).toEqual([field]);
    }
  });

  it(`shows a new bookmark in search within ${FRESHNESS_BOUND_MS} ms of POST /bookmarks returning`, async () => {
    const delays: number[] = [];
    for (let index = 0; index < FRESHNESS_WRITES; index += 1) {
      // The same query answered (and cached) just before each write: the write has to invalidate it.
      await search('freshmarker', '&limit=200');
      const created = await user.client.post('/bookmarks', {
        url: `https://fresh.example.com/${index}`,
        title: `Fresh freshmarker number ${index}`,
      });
      const returned = Date.now();
      expect(created.statusCode).toBe(201);
      const id = created.json<{ bookmark: { id: string } }>().bookmark.id;
      delays.push(
        await visibleWithin('freshmarker', (answer) => answer.items.some((hit) => hit.id === id), returned),
      );
    }
    const p50 = percentile(delays, 0.5);
    const p99 = percentile(delays, 0.99);
    process.stdout.write(
      `search freshness over ${FRESHNESS_WRITES} writes: p50 ${p50} ms, p99 ${p99} ms, max ${Math.max(...delays)} ms\n`,
    );
    expect(delays.filter((delay) => delay > FRESHNESS_BOUND_MS)).toEqual([]);
  });
});
