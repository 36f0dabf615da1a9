import { ApiClient, expectProblem, problemFields } from './gateway-auth.fixture';
import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';

interface Bookmark {
  id: string;
  url: string;
  domain: string;
  title: string;
  description: string;
  tags: string[];
  collectionId: string | null;
  favorite: boolean;
  read: boolean;
  archived: boolean;
  version: number;
}
interface Note {
  id: string;
  title: string;
  body: string;
  pinned: boolean;
  tags: string[];
  collectionId: string | null;
  version: number;
}
interface Task {
  id: string;
  title: string;
  status: string;
  priority: string;
  parentId: string | null;
  completedAt: string | null;
  version: number;
}
interface Tag {
  id: string;
  name: string;
  itemCount: number;
}
interface Collection {
  id: string;
  name: string;
  parentId: string | null;
  version: number;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The real gateway, auth, content and search-cache services, through the public HTTP API only. */
describe('content API: bookmarks, notes, tasks, tags and collections', () => {
  let stack: ContentStack;
  let user: SignedInUser;

  beforeAll(async () => {
    stack = await startContentStack();
    user = await registerUser(stack, 'items');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const api = () => user.client;
  const ids = async (url: string) =>
    (await api().get(url)).json<Page<{ id: string }>>().items.map((i) => i.id);

  describe('bookmarks', () => {
    it('creates, reads, filters, updates and deletes a bookmark, with its version as ETag', async () => {
      const created = await api().post('/bookmarks', {
        url: 'https://Example.COM:443/guide?utm_source=news&page=2#intro',
        title: 'A guide',
        description: 'Worth reading',
        tags: ['#Read Later', 'docs'],
      });
      expect({ status: created.statusCode, body: created.body }).toMatchObject({ status: 201 });
      expect(created.headers.etag).toBe('"1"');
      const { bookmark } = created.json<{ bookmark: Bookmark }>();
      expect(bookmark).toMatchObject({
        url: 'https://example.com/guide?page=2',
        domain: 'example.com',
        title: 'A guide',
        description: 'Worth reading',
        favorite: false,
        read: false,
        archived: false,
        collectionId: null,
        version: 1,
      });
      expect([...bookmark.tags].sort()).toEqual(['docs', 'read-later']);

      const read = await api().get(`/bookmarks/${bookmark.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.json()).toEqual({ bookmark });

      expect(await ids('/bookmarks?tag=read-later')).toContain(bookmark.id);
      expect(await ids('/bookmarks?favorite=false')).toContain(bookmark.id);
      expect(await ids('/bookmarks?favorite=true')).not.toContain(bookmark.id);

      const updated = await api().request({
        method: 'PATCH',
        url: `/bookmarks/${bookmark.id}`,
        payload: { favorite: true, title: 'The guide' },
        headers: { 'if-match': '"1"' },
      });
      expect({ status: updated.statusCode, body: updated.body }).toMatchObject({ status: 200 });
      expect(updated.headers.etag).toBe('"2"');
      expect(updated.json()).toMatchObject({ bookmark: { favorite: true, title: 'The guide', version: 2 } });
      expect(await ids('/bookmarks?favorite=true')).toContain(bookmark.id);

      const deleted = await api().request({
        method: 'DELETE',
        url: `/bookmarks/${bookmark.id}`,
        headers: { 'if-match': 'W/"2"' },
      });
      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe('');
      expectProblem(await api().get(`/bookmarks/${bookmark.id}`), 404, 'not-found');
      expect(await ids('/bookmarks')).not.toContain(bookmark.id);
    });

    it('refuses a second bookmark of the same normalized URL with 409', async () => {
      const first = await api().post('/bookmarks', { url: 'https://dup.example.org/page' });
      expect(first.statusCode).toBe(201);
      const again = await api().post('/bookmarks', { url: 'HTTPS://DUP.example.org/page#top' });
      expectProblem(again, 409, 'conflict');
    });

    it('pages with limit and cursor, newest first', async () => {
      const made: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        const response = await api().post('/bookmarks', {
          url: `https://paging.example.net/${index}`,
          tags: ['paging'],
        });
        made.push(response.json<{ bookmark: Bookmark }>().bookmark.id);
      }
      const first = (await api().get('/bookmarks?tag=paging&limit=2')).json<Page<Bookmark>>();
      expect(first.items.map((item) => item.id)).toEqual([made[2], made[1]]);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (
        await api().get(`/bookmarks?tag=paging&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`)
      ).json<Page<Bookmark>>();
      expect(second).toEqual({ items: [expect.objectContaining({ id: made[0] })], nextCursor: null });
    });
  });

  describe('notes', () => {
    it('creates, reads, filters, updates and deletes a note', async () => {
      const created = await api().post('/notes', {
        title: 'Meeting',
        body: '# Agenda\n\n- budget',
        tags: ['work'],
        pinned: true,
      });
      expect({ status: created.statusCode, body: created.body }).toMatchObject({ status: 201 });
      expect(created.headers.etag).toBe('"1"');
      const { note } = created.json<{ note: Note }>();
      expect(note).toMatchObject({
        title: 'Meeting',
        body: '# Agenda\n\n- budget',
        pinned: true,
        tags: ['work'],
      });

      expect((await api().get(`/notes/${note.id}`)).json()).toEqual({ note });
      expect(await ids('/notes?pinned=true')).toContain(note.id);
      expect(await ids('/notes?pinned=false')).not.toContain(note.id);

      const updated = await api().patch(`/notes/${note.id}`, { body: 'done', pinned: false, version: 1 });
      expect({ status: updated.statusCode, body: updated.body }).toMatchObject({ status: 200 });
      expect(updated.headers.etag).toBe('"2"');
      expect(updated.json()).toMatchObject({ note: { body: 'done', pinned: false, version: 2 } });

      expect((await api().delete(`/notes/${note.id}`)).statusCode).toBe(204);
      expectProblem(await api().get(`/notes/${note.id}`), 404, 'not-found');
    });
  });

  describe('tasks', () => {
    it('creates, filters by a status list, completes and deletes a task with its subtasks', async () => {
      const created = await api().post('/tasks', { title: 'Ship it', priority: 'high' });
      expect({ status: created.statusCode, body: created.body }).toMatchObject({ status: 201 });
      const { task } = created.json<{ task: Task }>();
      expect(task).toMatchObject({ status: 'todo', priority: 'high', completedAt: null, parentId: null });
      const sub = (await api().post('/tasks', { title: 'Write notes', parentId: task.id })).json<{
        task: Task;
      }>().task;
      expect(sub.parentId).toBe(task.id);
      expect(await ids(`/tasks?parentId=${task.id}`)).toEqual([sub.id]);

      const done = await api().request({
        method: 'PATCH',
        url: `/tasks/${task.id}`,
        payload: { status: 'done' },
        headers: { 'if-match': '1' },
      });
      expect({ status: done.statusCode, body: done.body }).toMatchObject({ status: 200 });
      expect(done.json<{ task: Task }>().task.completedAt).toEqual(expect.any(String));

      expect(await ids('/tasks?status=todo,done')).toEqual(expect.arrayContaining([task.id, sub.id]));
      expect(await ids('/tasks?status=done')).toEqual([task.id]);
      expect(await ids('/tasks?status=in_progress,cancelled')).toEqual([]);
      expect(await ids('/tasks?parentId=none')).toEqual([task.id]);

      expect((await api().delete(`/tasks/${task.id}`)).statusCode).toBe(204);
      expectProblem(await api().get(`/tasks/${sub.id}`), 404, 'not-found');
    });
  });

  describe('tags', () => {
    it('lists tags with item counts, renames, merges and deletes them', async () => {
      const item = (await api().post('/notes', { title: 'Tagged', body: '', tags: ['alpha', 'beta'] })).json<{
        note: Note;
      }>().note;
      const tags = (await api().get('/tags')).json<Page<Tag>>().items;
      const alpha = tags.find((tag) => tag.name === 'alpha')!;
      const beta = tags.find((tag) => tag.name === 'beta')!;
      expect(alpha.itemCount).toBe(1);

      const created = await api().post('/tags', { name: '#Gamma Ray' });
      expect({ status: created.statusCode, body: created.body }).toMatchObject({ status: 201 });
      const gamma = created.json<{ tag: Tag }>().tag;
      expect(gamma).toMatchObject({ name: 'gamma-ray', itemCount: 0 });
      expect((await api().get(`/tags/${gamma.id}`)).json()).toEqual({ tag: gamma });

      const renamed = await api().patch(`/tags/${alpha.id}`, { name: 'first' });
      expect(renamed.json()).toMatchObject({ tag: { id: alpha.id, name: 'first' } });
      expectProblem(await api().patch(`/tags/${beta.id}`, { name: 'first' }), 409, 'conflict');

      const merged = await api().post(`/tags/${beta.id}/merge`, { into: gamma.id });
      expect({ status: merged.statusCode, body: merged.body }).toMatchObject({ status: 200 });
      expect(merged.json()).toMatchObject({ tag: { id: gamma.id, name: 'gamma-ray', itemCount: 1 } });
      expectProblem(await api().get(`/tags/${beta.id}`), 404, 'not-found');

      expect((await api().delete(`/tags/${alpha.id}`)).statusCode).toBe(204);
      expect((await api().get(`/notes/${item.id}`)).json<{ note: Note }>().note.tags).toEqual(['gamma-ray']);
    });
  });

  describe('collections', () => {
    it('nests collections, files items in them and moves both up when one is deleted', async () => {
      const top = (await api().post('/collections', { name: 'Projects' })).json<{ collection: Collection }>()
        .collection;
      const created = await api().post('/collections', { name: 'Tracera', parentId: top.id });
      expect({ status: created.statusCode, body: created.body }).toMatchObject({ status: 201 });
      expect(created.headers.etag).toBe('"1"');
      const child = created.json<{ collection: Collection }>().collection;
      const grandchild = (await api().post('/collections', { name: 'Docs', parentId: child.id })).json<{
        collection: Collection;
      }>().collection;
      const note = (await api().post('/notes', { title: 'Plan', body: 'x', collectionId: child.id })).json<{
        note: Note;
      }>().note;

      expect(await ids('/collections')).toEqual(expect.arrayContaining([top.id, child.id, grandchild.id]));
      expect(await ids(`/notes?collectionId=${child.id}`)).toEqual([note.id]);
      const read = await api().get(`/collections/${child.id}`);
      expect(read.headers.etag).toBe('"1"');

      const renamed = await api().request({
        method: 'PATCH',
        url: `/collections/${child.id}`,
        payload: { name: 'Tracera app' },
        headers: { 'if-match': '"1"' },
      });
      expect(renamed.json()).toMatchObject({ collection: { name: 'Tracera app', version: 2 } });
      expect(renamed.headers.etag).toBe('"2"');
      expectProblem(
        await api().patch(`/collections/${top.id}`, { parentId: grandchild.id }),
        422,
        'unprocessable-content',
      );

      expect((await api().delete(`/collections/${child.id}`)).statusCode).toBe(204);
      expectProblem(await api().get(`/collections/${child.id}`), 404, 'not-found');
      expect((await api().get(`/notes/${note.id}`)).json<{ note: Note }>().note.collectionId).toBe(top.id);
      expect((await api().get(`/collections/${grandchild.id}`)).json()).toMatchObject({
        collection: { parentId: top.id },
      });
    });
  });

  describe('optimistic concurrency (If-Match)', () => {
    const newBookmark = async (path: string) =>
      (await api().post('/bookmarks', { url: `https://concurrency.example/${path}` })).json<{
        bookmark: Bookmark;
      }>().bookmark;

    it('answers 412 to a PATCH or DELETE made against an old version and changes nothing', async () => {
      const bookmark = await newBookmark('stale');
      expect((await api().patch(`/bookmarks/${bookmark.id}`, { title: 'v2' })).statusCode).toBe(200);

      const staleHeader = await api().request({
        method: 'PATCH',
        url: `/bookmarks/${bookmark.id}`,
        payload: { title: 'lost update' },
        headers: { 'if-match': '"1"' },
      });
      expectProblem(staleHeader, 412, 'precondition-failed');
      expectProblem(await api().patch(`/bookmarks/${bookmark.id}`, { title: 'lost', version: 1 }), 412);
      const staleDelete = await api().request({
        method: 'DELETE',
        url: `/bookmarks/${bookmark.id}`,
        headers: { 'if-match': '1' },
      });
      expectProblem(staleDelete, 412, 'precondition-failed');

      const current = await api().get(`/bookmarks/${bookmark.id}`);
      expect(current.json()).toMatchObject({ bookmark: { title: 'v2', version: 2 } });
      expect(current.headers.etag).toBe('"2"');
    });

    it('answers 412 on stale versions of notes, tasks and collections too', async () => {
      const note = (await api().post('/notes', { title: 'n', body: '' })).json<{ note: Note }>().note;
      await api().patch(`/notes/${note.id}`, { title: 'n2' });
      expectProblem(await api().patch(`/notes/${note.id}`, { title: 'x', version: 1 }), 412);
      const task = (await api().post('/tasks', { title: 't' })).json<{ task: Task }>().task;
      await api().patch(`/tasks/${task.id}`, { title: 't2' });
      expectProblem(
        await api().request({ method: 'DELETE', url: `/tasks/${task.id}`, headers: { 'if-match': '"1"' } }),
        412,
      );
      const collection = (await api().post('/collections', { name: 'c' })).json<{ collection: Collection }>()
        .collection;
      await api().patch(`/collections/${collection.id}`, { name: 'c2' });
      expectProblem(
        await api().request({
          method: 'PATCH',
          url: `/collections/${collection.id}`,
          payload: { name: 'c3' },
          headers: { 'if-match': '"1"' },
        }),
        412,
      );
      expect((await api().get(`/collections/${collection.id}`)).json()).toMatchObject({
        collection: { name: 'c2' },
      });
    });

    it('refuses a malformed If-Match, or one contradicting the body’s version, with 400 naming it', async () => {
      const bookmark = await newBookmark('malformed');
      for (const ifMatch of ['abc', '"one"', '"1", "2"', '0', '""']) {
        const response = await api().request({
          method: 'PATCH',
          url: `/bookmarks/${bookmark.id}`,
          payload: { title: 'x' },
          headers: { 'if-match': ifMatch },
        });
        expect(problemFields(expectProblem(response, 400, 'validation-failed'))).toEqual(['If-Match']);
      }
      const contradicting = await api().request({
        method: 'PATCH',
        url: `/bookmarks/${bookmark.id}`,
        payload: { title: 'x', version: 2 },
        headers: { 'if-match': '"1"' },
      });
      expect(problemFields(expectProblem(contradicting, 400))).toEqual(['If-Match']);
      expect((await api().get(`/bookmarks/${bookmark.id}`)).json()).toMatchObject({
        bookmark: { version: 1 },
      });
      // `*` matches whatever version is current.
      const any = await api().request({
        method: 'PATCH',
        url: `/bookmarks/${bookmark.id}`,
        payload: { title: 'y' },
        headers: { 'if-match': '*' },
      });
      expect(any.statusCode).toBe(200);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retried create with the first item and stores one', async () => {
      const key = `retry-${Date.now()}`;
      const body = { url: 'https://idempotent.example/once', title: 'Once' };
      const first = await api().request({
        method: 'POST',
        url: '/bookmarks',
        payload: body,
        headers: { 'idempotency-key': key },
      });
      const retry = await api().request({
        method: 'POST',
        url: '/bookmarks',
        payload: body,
        headers: { 'idempotency-key': key },
      });
      expect(first.statusCode).toBe(201);
      expect(retry.statusCode).toBe(201);
      expect(retry.json()).toEqual(first.json());
      const list = (await api().get('/bookmarks?limit=200')).json<Page<Bookmark>>().items;
      expect(list.filter((item) => item.url === 'https://idempotent.example/once')).toHaveLength(1);

      const note = { title: 'Retried', body: 'same' };
      const notes = await Promise.all(
        [1, 2].map(() =>
          api().request({
            method: 'POST',
            url: '/notes',
            payload: note,
            headers: { 'idempotency-key': `${key}-note` },
          }),
        ),
      );
      expect(notes.map((response) => response.statusCode)).toEqual([201, 201]);
      expect(notes[0].json<{ note: Note }>().note.id).toBe(notes[1].json<{ note: Note }>().note.id);

      const reused = await api().request({
        method: 'POST',
        url: '/bookmarks',
        payload: { url: 'https://idempotent.example/other' },
        headers: { 'idempotency-key': key },
      });
      expect(problemFields(expectProblem(reused, 422, 'unprocessable-content'))).toEqual(['Idempotency-Key']);
    });

    it('refuses a key over 200 characters with 400 naming the header, storing nothing', async () => {
      const response = await api().request({
        method: 'POST',
        url: '/tasks',
        payload: { title: 'never stored' },
        headers: { 'idempotency-key': 'k'.repeat(201) },
      });
      expect(problemFields(expectProblem(response, 400, 'validation-failed'))).toEqual(['Idempotency-Key']);
      const titles = (await api().get('/tasks?limit=200')).json<Page<Task>>().items.map((task) => task.title);
      expect(titles).not.toContain('never stored');
    });
  });

  describe('OpenAPI', () => {
    interface Operation {
      parameters?: { name: string; in: string }[];
      requestBody?: { content: Record<string, unknown> };
      responses: Record<string, unknown>;
    }
    it('documents every content route with its headers, multipart bodies and answers', async () => {
      const response = await stack.gateway.inject({ method: 'GET', url: '/api/openapi.json' });
      const paths = response.json<{ paths: Record<string, Record<string, Operation>> }>().paths;
      for (const path of [
        '/api/v1/bookmarks',
        '/api/v1/bookmarks/{id}',
        '/api/v1/notes/{id}',
        '/api/v1/tasks/{id}',
        '/api/v1/files/{id}/content',
        '/api/v1/tags/{id}/merge',
        '/api/v1/collections/{id}',
        '/api/v1/imports/{id}',
        '/api/v1/exports/{id}/download',
        '/api/v1/search',
      ]) {
        expect(Object.keys(paths)).toContain(path);
      }
      const headerNames = (operation: Operation) =>
        (operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      expect(headerNames(paths['/api/v1/bookmarks'].post)).toContain('Idempotency-Key');
      expect(headerNames(paths['/api/v1/bookmarks/{id}'].patch)).toContain('If-Match');
      expect(Object.keys(paths['/api/v1/bookmarks'].post.responses)).toContain('201');
      expect(Object.keys(paths['/api/v1/files'].post.requestBody!.content)).toEqual(['multipart/form-data']);
      expect(Object.keys(paths['/api/v1/imports'].post.responses)).toContain('202');
    });
  });

  describe('bad input', () => {
    it('answers 400 naming the field and stores nothing', async () => {
      const before = {
        bookmarks: (await ids('/bookmarks?limit=200')).length,
        notes: (await ids('/notes?limit=200')).length,
        tasks: (await ids('/tasks?limit=200')).length,
      };
      const cases: [string, unknown, string[]][] = [
        ['/bookmarks', { url: 'not a url' }, ['url']],
        ['/bookmarks', { url: 'javascript:alert(1)' }, ['url']],
        ['/bookmarks', { url: 'https://ok.example', favorite: 'yes' }, ['favorite']],
        ['/bookmarks', { url: 'https://ok.example', owner: 'me' }, ['owner']],
        ['/bookmarks', { url: 'https://ok.example', tags: ['has space!'] }, ['tags.0']],
        ['/notes', { title: 'big', body: 'x'.repeat(200_001) }, ['body']],
        ['/notes', { title: 5, body: '' }, ['title']],
        ['/notes', { title: 't', body: '', userId: user.id }, ['userId']],
        // Postgres stores neither: refused by field instead of failing the write.
        ['/notes', { title: 'nul\u0000', body: '' }, ['title']],
        ['/notes', { title: 't', body: 'half \ud83d' }, ['body']],
        ['/bookmarks', { url: 'https://ok.example', description: 'a\u0000b' }, ['description']],
        ['/tasks', { title: '' }, ['title']],
        ['/tasks', { title: 't', status: 'finished' }, ['status']],
        ['/tasks', { title: 't', dueAt: 'tomorrow' }, ['dueAt']],
        ['/collections', { name: '' }, ['name']],
        ['/tags', { name: '!!' }, ['name']],
      ];
      for (const [url, body, fields] of cases) {
        const problem = expectProblem(await api().post(url, body), 400, 'validation-failed');
        expect({ url, body, fields: problemFields(problem) }).toEqual({ url, body, fields });
      }
      expect({
        bookmarks: (await ids('/bookmarks?limit=200')).length,
        notes: (await ids('/notes?limit=200')).length,
        tasks: (await ids('/tasks?limit=200')).length,
      }).toEqual(before);
    });

    it('answers 400 to bad query strings and ids, and 415 to non-JSON bodies', async () => {
      for (const [url, field] of [
        ['/bookmarks?favorite=yes', 'favorite'],
        ['/bookmarks?limit=500', 'limit'],
        ['/bookmarks?sort=url', 'sort'],
        ['/bookmarks?unknown=1', 'unknown'],
        ['/tasks?status=todo,never', 'status.1'],
        ['/tasks?dueBefore=soon', 'dueBefore'],
        ['/notes?collectionId=nope', 'collectionId'],
        ['/bookmarks/not-a-uuid', 'id'],
      ]) {
        expect(problemFields(expectProblem(await api().get(url), 400))).toEqual([field]);
      }
      const text = await api().request({
        method: 'POST',
        url: '/notes',
        payload: 'title=x',
        headers: { 'content-type': 'text/plain' },
      });
      expectProblem(text, 415, 'unsupported-media-type');
    });

    it('answers 401 without credentials', async () => {
      const anonymous = new ApiClient(stack.gateway, '203.0.113.9');
      for (const url of [
        '/bookmarks',
        '/notes',
        '/tasks',
        '/files',
        '/tags',
        '/collections',
        '/search?q=x',
      ]) {
        expectProblem(await anonymous.get(url), 401, 'unauthorized');
      }
      expectProblem(await anonymous.post('/bookmarks', { url: 'https://x.example' }), 401);
    });
  });
});
