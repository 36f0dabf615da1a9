import { request as httpRequest } from 'node:http';
import { type BookmarkView, contentRpc, type ImportFormat, type JobView } from '@tracera/contracts';
import { waitFor } from '@tracera/testing';
import { strFromU8, unzipSync } from 'fflate';
import { type ParsedImport } from '../src/formats/import-problems';
import { ImportJobProcessor } from '../src/transfers/import-job.processor';
import { type TransferJobEntity } from '../src/transfers/transfer-job.entity';
import { TransferJobLostError } from '../src/transfers/transfer-job-lost.error';
import { TransferJobRepository } from '../src/transfers/transfer-job.repository';
import { TransferJobRunner } from '../src/transfers/transfer-job.runner';
import { ContentTestBed, newUserId } from './content-test-harness';

function putBytes(url: string, bytes: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', 'content-length': bytes.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

const NETSCAPE_FILE = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file. -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1700000000">Dev &amp; Ops</H3>
    <DL><p>
        <DT><A HREF="https://nodejs.org/en/docs" ADD_DATE="1700000100" TAGS="node,docs">Node.js &quot;Docs&quot;</A>
        <DD>Reference for the runtime &amp; its APIs
        <DT><H3>Databases 🐘</H3>
        <DL><p>
            <DT><A HREF="https://www.postgresql.org/docs/current/" ADD_DATE="1700000200" TAGS="sql">PostgreSQL — Документация</A>
            <DT><A HREF="https://redis.io/docs/?utm_source=feed" ADD_DATE="1700000300">Redis &lt;docs&gt;</A>
            <DD>In-memory data store, ключ-значение 🔑
        </DL><p>
    </DL><p>
    <DT><H3>日本語</H3>
    <DL><p>
        <DT><A HREF="https://ja.wikipedia.org/wiki/東京" ADD_DATE="1700000400" TAGS="travel,日本">東京 - Wikipedia</A>
    </DL><p>
    <DT><A HREF="https://example.com/it's-a-test?a=1&amp;b=2" ADD_DATE="1700000500" TOREAD="1">It's "quoted" &amp; ampersanded 🎉</A>
    <DT><A HREF="javascript:alert(1)">A bookmarklet</A>
    <DT><A HREF="https://nodejs.org/en/docs">The same docs again</A>
</DL><p>
`;

interface BookmarkShape {
  url: string;
  title: string;
  description: string;
  tags: string[];
  collection: string[];
  read: boolean;
}

describe('transfers: imports and exports as background jobs', () => {
  let bed: ContentTestBed;

  beforeAll(async () => {
    bed = await ContentTestBed.start({}, 'transfers');
  });

  afterAll(async () => {
    await bed.close();
  });

  async function startImport(userId: string, format: ImportFormat, bytes: string | Buffer): Promise<JobView> {
    const { ticket } = await bed.call(contentRpc.beginUpload, {
      purpose: 'import',
      userId,
      name: `bookmarks.${format === 'netscape' ? 'html' : 'csv'}`,
      format,
    });
    const answer = await putBytes(`${bed.url}/internal/uploads/${ticket}`, Buffer.from(bytes));
    expect(answer.status).toBe(201);
    return (JSON.parse(answer.body) as { job: JobView }).job;
  }

  async function finishedImport(userId: string, id: string, timeoutMs = 10_000): Promise<JobView> {
    let job: JobView | undefined;
    await waitFor(
      async () => {
        job = (await bed.call(contentRpc.getImport, { userId, id })).job;
        return job.status === 'done' || job.status === 'failed';
      },
      { timeoutMs, intervalMs: 20, description: `import ${id} to finish` },
    );
    return job!;
  }

  async function finishedExport(userId: string, format: 'netscape' | 'markdown' | 'json'): Promise<Buffer> {
    const { job } = await bed.call(contentRpc.createExport, { userId, format });
    expect(job.status).toBe('queued');
    let done: JobView | undefined;
    await waitFor(
      async () => {
        done = (await bed.call(contentRpc.getExport, { userId, id: job.id })).job;
        return done.status === 'done' || done.status === 'failed';
      },
      { timeoutMs: 10_000, intervalMs: 20, description: `export ${job.id}` },
    );
    expect(done).toMatchObject({ status: 'done', progress: 100, error: null });
    const download = await bed.call(contentRpc.beginDownload, { userId, kind: 'export', id: job.id });
    expect(download).toMatchObject({ name: done!.download!.name, size: done!.download!.size });
    const response = await fetch(`${bed.url}/internal/downloads/${download.ticket}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(download.contentType);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(download.size);
    return bytes;
  }

  async function allBookmarks(userId: string): Promise<BookmarkView[]> {
    const items: BookmarkView[] = [];
    let cursor: string | undefined;
    do {
      const page = await bed.call(contentRpc.listBookmarks, { userId, limit: 200, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return items;
  }

  /** Bookmarks with their collection as a path of names, comparable across users. */
  async function shapesOf(userId: string): Promise<BookmarkShape[]> {
    const { items: collections } = await bed.call(contentRpc.listCollections, { userId });
    const byId = new Map(collections.map((collection) => [collection.id, collection]));
    const pathOf = (id: string | null): string[] => {
      const collection = id === null ? undefined : byId.get(id);
      return collection === undefined ? [] : [...pathOf(collection.parentId), collection.name];
    };
    return (await allBookmarks(userId))
      .map((bookmark) => ({
        url: bookmark.url,
        title: bookmark.title,
        description: bookmark.description,
        tags: [...bookmark.tags].sort(),
        collection: pathOf(bookmark.collectionId),
        read: bookmark.read,
      }))
      .sort((a, b) => a.url.localeCompare(b.url));
  }

  it('imports a browser export with folders, tags, descriptions and odd characters, completely', async () => {
    const userId = newUserId();
    const queued = await startImport(userId, 'netscape', NETSCAPE_FILE);
    expect(queued).toMatchObject({ kind: 'import', format: 'netscape', status: 'queued' });

    const job = await finishedImport(userId, queued.id);
    expect(job).toMatchObject({ status: 'done', progress: 100, error: null, processed: 7, total: 7 });
    expect(job.report.imported).toBe(5);
    expect(job.report.skipped.map((row) => row.reason)).toEqual([
      expect.stringContaining('javascript'),
      expect.stringContaining('already saved'),
    ]);
    expect(job.report.skipped.every((row) => row.line > 0)).toBe(true);

    const shapes = await shapesOf(userId);
    expect(shapes).toHaveLength(job.report.imported);
    expect(shapes).toEqual(
      expect.arrayContaining([
        {
          url: 'https://nodejs.org/en/docs',
          title: 'Node.js "Docs"',
          description: 'Reference for the runtime & its APIs',
          tags: ['docs', 'node'],
          collection: ['Dev & Ops'],
          read: true,
        },
        expect.objectContaining({
          url: 'https://redis.io/docs/',
          title: 'Redis <docs>',
          description: 'In-memory data store, ключ-значение 🔑',
          collection: ['Dev & Ops', 'Databases 🐘'],
        }),
        expect.objectContaining({ title: 'PostgreSQL — Документация', tags: ['sql'] }),
        expect.objectContaining({
          title: '東京 - Wikipedia',
          tags: ['travel', '日本'],
          collection: ['日本語'],
        }),
        expect.objectContaining({ title: `It's "quoted" & ampersanded 🎉`, read: false, collection: [] }),
      ]),
    );

    const created = (await bed.outbox(userId)).filter((event) => event.type === 'bookmark.created');
    expect(created).toHaveLength(5);
    expect(created.every((event) => event.data.source === 'import')).toBe(true);
    const completed = (await bed.outbox(userId)).filter((event) => event.type === 'import.completed');
    expect(completed).toEqual([
      {
        type: 'import.completed',
        data: { userId, jobId: job.id, format: 'netscape', status: 'done', imported: 5, skipped: 2 },
      },
    ]);
  });

  it('exports bookmarks as a Netscape file that imports back to the same data', async () => {
    const original = newUserId();
    await finishedImport(original, (await startImport(original, 'netscape', NETSCAPE_FILE)).id);

    const exported = await finishedExport(original, 'netscape');
    expect(exported.toString('utf8')).toMatch(/^<!DOCTYPE NETSCAPE-Bookmark-file-1>/);

    const copy = newUserId();
    const job = await finishedImport(copy, (await startImport(copy, 'netscape', exported)).id);
    expect(job).toMatchObject({ status: 'done', report: { imported: 5, skipped: [] } });
    expect(await shapesOf(copy)).toEqual(await shapesOf(original));
  });

  it('imports a Pocket CSV export, archive status and tags included', async () => {
    const userId = newUserId();
    const csv = [
      'title,url,time_added,cursor,tags,status',
      'Read later,https://example.org/later,1700000000,,reading|long-form,unread',
      '"Quoted, with comma",https://example.org/archived,1700000100,,,archive',
      'No link,,1700000200,,,unread',
    ].join('\n');
    const job = await finishedImport(userId, (await startImport(userId, 'pocket', csv)).id);

    expect(job).toMatchObject({ status: 'done', report: { imported: 2, skipped: [{ line: 4 }] } });
    const bookmarks = await allBookmarks(userId);
    expect(bookmarks.map((bookmark) => [bookmark.title, bookmark.tags, bookmark.archived]).sort()).toEqual([
      ['Quoted, with comma', [], true],
      ['Read later', ['long-form', 'reading'], false],
    ]);
  });

  it('fails a malformed file with a reason and stores nothing of it', async () => {
    const userId = newUserId();
    const job = await finishedImport(
      userId,
      (await startImport(userId, 'netscape', '{"this": "is json, not bookmarks"}')).id,
    );

    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/netscape/i);
    expect(job.report).toEqual({ imported: 0, skipped: [] });
    expect(await allBookmarks(userId)).toEqual([]);
    expect(await bed.outboxTypes(userId)).toEqual(['import.completed']);
    expect((await bed.outbox(userId))[0].data).toMatchObject({ status: 'failed', imported: 0 });
  });

  it('exports notes as a zip of Markdown files with front matter', async () => {
    const userId = newUserId();
    const { note } = await bed.call(contentRpc.createNote, {
      userId,
      title: 'Meeting: "Q3" & plans',
      body: '# Agenda\n\n- budget\n',
      tags: ['work'],
      pinned: true,
    });

    const archive = unzipSync(new Uint8Array(await finishedExport(userId, 'markdown')));
    const names = Object.keys(archive);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/\.md$/);
    const markdown = strFromU8(archive[names[0]]);
    expect(markdown).toMatch(/^---\n/);
    expect(markdown).toContain(`id: "${note.id}"`);
    expect(markdown).toContain('title: "Meeting: \\"Q3\\" & plans"');
    expect(markdown).toContain('pinned: true');
    expect(markdown).toContain('# Agenda');
  });

  it('exports the whole account as JSON with a schema version', async () => {
    const userId = newUserId();
    await finishedImport(userId, (await startImport(userId, 'netscape', NETSCAPE_FILE)).id);
    await bed.call(contentRpc.createNote, { userId, title: 'A note', body: 'text' });

    const document = JSON.parse((await finishedExport(userId, 'json')).toString('utf8')) as Record<
      string,
      unknown[]
    > & { schemaVersion: number };
    expect(document.schemaVersion).toBe(1);
    expect(document.bookmarks).toHaveLength(5);
    expect(document.notes).toHaveLength(1);
    expect(document.collections).toHaveLength(3);
    const types = await bed.outboxTypes(userId);
    expect(types.filter((type) => type === 'export.completed')).toHaveLength(1);
  });

  it("does not show one user's jobs to another", async () => {
    const owner = newUserId();
    const queued = await startImport(owner, 'pocket', 'url\nhttps://example.net/a\n');
    await finishedImport(owner, queued.id);
    const { job: exportJob } = await bed.call(contentRpc.createExport, { userId: owner, format: 'json' });

    const stranger = newUserId();
    expect((await bed.failure(contentRpc.getImport, { userId: stranger, id: queued.id })).code).toBe(
      'NOT_FOUND',
    );
    expect((await bed.failure(contentRpc.getExport, { userId: stranger, id: exportJob.id })).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await bed.failure(contentRpc.beginDownload, { userId: stranger, kind: 'export', id: exportJob.id }))
        .code,
    ).toBe('NOT_FOUND');
  });

  it('resumes a job after its runner died mid-import, without storing anything twice', async () => {
    const runner = bed.app.get(TransferJobRunner);
    const jobs = bed.app.get(TransferJobRepository);
    const processor = bed.app.get(ImportJobProcessor);
    const userId = newUserId();
    const rows = Array.from(
      { length: 1200 },
      (_, index) => `Page ${index},https://example.com/page/${index},,,,`,
    );
    const csv = ['title,url,time_added,cursor,tags,status', ...rows].join('\n');

    await runner.stop();
    let dead: TransferJobEntity | null = null;
    let parsed: ParsedImport | null = null;
    try {
      const queued = await startImport(userId, 'pocket', csv);
      // A replica claims the job, commits its first batch, and dies.
      dead = await jobs.claimNext(30_000);
      expect(dead?.id).toBe(queued.id);
      parsed = await processor.parse(dead!);
      expect(await processor.storeNextBatch(dead!, parsed!)).toBe(false);
      expect((await bed.call(contentRpc.getImport, { userId, id: queued.id })).job).toMatchObject({
        status: 'running',
        processed: 500,
        total: 1200,
        report: { imported: 500 },
      });
      await bed.query(
        `UPDATE content.transfer_jobs SET heartbeat_at = now() - interval '1 hour' WHERE id = $1`,
        [queued.id],
      );
    } finally {
      runner.start();
    }

    const job = await finishedImport(userId, dead!.id);
    expect(job).toMatchObject({ status: 'done', processed: 1200, report: { imported: 1200, skipped: [] } });
    expect(await allBookmarks(userId)).toHaveLength(1200);
    const created = (await bed.outbox(userId)).filter((event) => event.type === 'bookmark.created');
    expect(created).toHaveLength(1200);

    // The dead runner's claim is void: were it to wake up, its batch would not commit.
    await expect(processor.storeNextBatch(dead!, parsed!)).rejects.toBeInstanceOf(TransferJobLostError);
    expect(await allBookmarks(userId)).toHaveLength(1200);
  });
});
