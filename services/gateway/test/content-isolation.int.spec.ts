import { waitFor } from '@tracera/testing';
import { expectProblem } from './gateway-auth.fixture';
import {
  type ContentStack,
  postForm,
  registerTwoUsers,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';

interface SearchAnswer {
  items: { type: string; id: string; title: string }[];
  facets: Record<'bookmark' | 'note' | 'task' | 'file', number>;
  nextCursor: string | null;
  cached: boolean;
}

const NETSCAPE_FILE = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<DL><p>
    <DT><A HREF="https://imported.example.org/">Imported</A>
</DL><p>
`;

/** One user's content is invisible to another on every route: somebody else's id answers like a missing one. */
describe('content isolation between users', () => {
  let stack: ContentStack;
  let alice: SignedInUser;
  let bob: SignedInUser;
  const owned: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startContentStack();
    [alice, bob] = await registerTwoUsers(stack);
    const a = alice.client;
    const id = async (response: Promise<{ statusCode: number; body: string }>, key: string) => {
      const answer = await response;
      expect({ created: [201, 202].includes(answer.statusCode), body: answer.body }).toMatchObject({
        created: true,
      });
      const body = JSON.parse(answer.body) as Record<string, { id: string }>;
      return body[key].id;
    };
    owned.collection = await id(a.post('/collections', { name: 'Private' }), 'collection');
    owned.bookmark = await id(
      a.post('/bookmarks', {
        url: 'https://secret.example.com/zebracorn',
        title: 'Zebracorn sightings',
        tags: ['secret'],
        collectionId: owned.collection,
      }),
      'bookmark',
    );
    owned.note = await id(a.post('/notes', { title: 'Zebracorn diary', body: 'private words' }), 'note');
    owned.task = await id(a.post('/tasks', { title: 'Feed the zebracorn' }), 'task');
    owned.file = await id(
      postForm(a, '/files', [
        { name: 'file', fileName: 'zebracorn.txt', bytes: Buffer.from('secret bytes') },
      ]),
      'file',
    );
    owned.tag = (await a.get('/tags'))
      .json<{ items: { id: string; name: string }[] }>()
      .items.find((tag) => tag.name === 'secret')!.id;
    owned.import = await id(
      postForm(a, '/imports', [
        { name: 'format', value: 'netscape' },
        { name: 'file', fileName: 'b.html', bytes: Buffer.from(NETSCAPE_FILE) },
      ]),
      'job',
    );
    owned.export = await id(a.post('/exports', { format: 'json' }), 'job');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers 404 to every route another user calls with the owner’s ids, and changes nothing', async () => {
    const b = bob.client;
    const calls: [string, string, unknown?][] = [
      ['GET', `/bookmarks/${owned.bookmark}`],
      ['PATCH', `/bookmarks/${owned.bookmark}`, { title: 'mine now' }],
      ['DELETE', `/bookmarks/${owned.bookmark}`],
      ['GET', `/notes/${owned.note}`],
      ['PATCH', `/notes/${owned.note}`, { body: 'mine now' }],
      ['DELETE', `/notes/${owned.note}`],
      ['GET', `/tasks/${owned.task}`],
      ['PATCH', `/tasks/${owned.task}`, { status: 'done' }],
      ['DELETE', `/tasks/${owned.task}`],
      ['GET', `/files/${owned.file}`],
      ['GET', `/files/${owned.file}/content`],
      ['PATCH', `/files/${owned.file}`, { name: 'mine.txt' }],
      ['DELETE', `/files/${owned.file}`],
      ['GET', `/tags/${owned.tag}`],
      ['PATCH', `/tags/${owned.tag}`, { name: 'mine' }],
      ['DELETE', `/tags/${owned.tag}`],
      ['GET', `/collections/${owned.collection}`],
      ['PATCH', `/collections/${owned.collection}`, { name: 'mine' }],
      ['DELETE', `/collections/${owned.collection}`],
      ['GET', `/imports/${owned.import}`],
      ['GET', `/exports/${owned.export}`],
      ['GET', `/exports/${owned.export}/download`],
    ];
    for (const [method, url, payload] of calls) {
      const response = await b.request({
        method: method as 'GET',
        url,
        ...(payload === undefined ? {} : { payload: payload as string }),
      });
      expect({ method, url, status: response.statusCode }).toEqual({ method, url, status: 404 });
      expectProblem(response, 404, 'not-found');
    }

    // Bob's own objects cannot reach into Alice's either.
    const bobTag = (await b.post('/tags', { name: 'bobs' })).json<{ tag: { id: string } }>().tag.id;
    expectProblem(await b.post(`/tags/${owned.tag}/merge`, { into: bobTag }), 404, 'not-found');
    expect((await b.post(`/tags/${bobTag}/merge`, { into: owned.tag })).statusCode).toBeGreaterThanOrEqual(
      400,
    );
    const intoAlices = await b.post('/notes', { title: 'x', body: '', collectionId: owned.collection });
    expect(intoAlices.statusCode).toBeGreaterThanOrEqual(400);
    expect(intoAlices.statusCode).toBeLessThan(500);

    // Bob's lists hold none of Alice's things.
    for (const url of ['/bookmarks', '/notes', '/tasks', '/files', '/collections']) {
      expect((await b.get(url)).json<{ items: unknown[] }>().items).toEqual([]);
    }
    expect((await b.get('/tags')).json<{ items: { id: string }[] }>().items.map((tag) => tag.id)).toEqual([
      bobTag,
    ]);

    // Alice still has every one of them, unchanged.
    const a = alice.client;
    expect((await a.get(`/bookmarks/${owned.bookmark}`)).json()).toMatchObject({
      bookmark: { title: 'Zebracorn sightings', version: 1 },
    });
    expect((await a.get(`/notes/${owned.note}`)).json()).toMatchObject({ note: { body: 'private words' } });
    expect((await a.get(`/tasks/${owned.task}`)).json()).toMatchObject({ task: { status: 'todo' } });
    expect((await a.get(`/files/${owned.file}/content`)).body).toBe('secret bytes');
    expect((await a.get(`/tags/${owned.tag}`)).json()).toMatchObject({ tag: { name: 'secret' } });
    expect((await a.get(`/collections/${owned.collection}`)).json()).toMatchObject({
      collection: { name: 'Private' },
    });
  });

  it('never shows one user’s items in another user’s search, even right after the owner’s was cached', async () => {
    let mine: SearchAnswer | undefined;
    await waitFor(
      async () => {
        mine = (await alice.client.get('/search?q=zebracorn')).json<SearchAnswer>();
        return mine.items.length >= 3;
      },
      { timeoutMs: 5000, intervalMs: 50, description: 'Alice’s items to be searchable' },
    );
    expect(mine!.items.map((hit) => hit.id)).toEqual(
      expect.arrayContaining([owned.bookmark, owned.note, owned.task]),
    );
    const again = (await alice.client.get('/search?q=zebracorn')).json<SearchAnswer>();
    expect(again.cached).toBe(true);

    for (const q of ['zebracorn', '#secret', 'type:note zebracorn', 'sightings', '']) {
      const response = await bob.client.get(`/search?q=${encodeURIComponent(q)}`);
      expect(response.statusCode).toBe(200);
      const theirs = response.json<SearchAnswer>();
      expect({ q, items: theirs.items, facets: theirs.facets }).toEqual({
        q,
        items: [],
        facets: { bookmark: 0, note: 0, task: 0, file: 0 },
      });
    }
  });
});
