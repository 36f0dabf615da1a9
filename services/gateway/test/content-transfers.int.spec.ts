import { waitFor } from '@tracera/testing';
import { type ApiClient, expectProblem, problemFields } from './gateway-auth.fixture';
import {
  type ContentStack,
  postForm,
  registerUser,
  type SignedInUser,
  startContentStack,
  TEST_IMPORT_MAX_BYTES,
} from './content-stack.fixture';

interface Job {
  id: string;
  kind: 'import' | 'export';
  format: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  report: { imported: number; skipped: { line: number; reason: string }[] };
  error: string | null;
  download: { name: string; size: number; contentType: string } | null;
}

const NETSCAPE_FILE = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3>Dev</H3>
    <DL><p>
        <DT><A HREF="https://nodejs.org/en" ADD_DATE="1700000000" TAGS="js,runtime">Node.js</A>
        <DT><A HREF="https://www.typescriptlang.org/docs/">TypeScript docs</A>
    </DL><p>
    <DT><A HREF="https://already.example.com/saved">Saved before</A>
</DL><p>
`;

/** Polls a job until it finished (done or failed) and answers it. */
async function finished(client: ApiClient, url: string): Promise<Job> {
  let job: Job | undefined;
  await waitFor(
    async () => {
      const response = await client.get(url);
      expect({ status: response.statusCode, body: response.body }).toMatchObject({ status: 200 });
      job = response.json<{ job: Job }>().job;
      return job.status === 'done' || job.status === 'failed';
    },
    {
      timeoutMs: 20_000,
      intervalMs: 100,
      description: `${url} to finish`,
      diagnostics: () => JSON.stringify(job),
    },
  );
  return job!;
}

/** Imports through multipart uploads and exports as downloads, through the public HTTP API. */
describe('imports and exports API', () => {
  let stack: ContentStack;
  let user: SignedInUser;

  beforeAll(async () => {
    stack = await startContentStack();
    user = await registerUser(stack, 'transfers');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const importFile = (parts: Parameters<typeof postForm>[2], headers?: Record<string, string>) =>
    postForm(user.client, '/imports', parts, headers);

  it('imports a Netscape bookmarks file: 202 with a job, polled until done with its report', async () => {
    expect(
      (await user.client.post('/bookmarks', { url: 'https://already.example.com/saved' })).statusCode,
    ).toBe(201);
    const started = await importFile([
      { name: 'format', value: 'netscape' },
      {
        name: 'file',
        fileName: 'bookmarks.html',
        bytes: Buffer.from(NETSCAPE_FILE),
        contentType: 'text/html',
      },
    ]);
    expect({ status: started.statusCode, body: started.body }).toMatchObject({ status: 202 });
    const { job } = started.json<{ job: Job }>();
    expect(job).toMatchObject({ kind: 'import', format: 'netscape' });
    expect(['queued', 'running', 'done']).toContain(job.status);

    const done = await finished(user.client, `/imports/${job.id}`);
    expect(done).toMatchObject({ status: 'done', progress: 100, error: null, report: { imported: 2 } });
    expect(done.report.skipped.map((skipped) => skipped.reason)).toEqual(['already saved']);
    expect(done.report.skipped[0].line).toBeGreaterThan(0);

    const urls = (await user.client.get('/bookmarks?limit=200'))
      .json<{ items: { url: string; tags: string[] }[] }>()
      .items.map((bookmark) => bookmark.url);
    expect(urls).toEqual(
      expect.arrayContaining(['https://nodejs.org/en', 'https://www.typescriptlang.org/docs/']),
    );
  });

  it('refuses imports without multipart, format or file, over the limit, or with format after the file', async () => {
    const before = (await user.client.get('/bookmarks?limit=200')).json<{ items: unknown[] }>().items.length;
    const file = { name: 'file', fileName: 'b.html', bytes: Buffer.from(NETSCAPE_FILE) };
    expectProblem(await user.client.post('/imports', { format: 'netscape' }), 415, 'unsupported-media-type');
    expect(problemFields(expectProblem(await importFile([file]), 400))).toEqual(['format']);
    const noFile = await importFile([{ name: 'format', value: 'netscape' }]);
    expect(problemFields(expectProblem(noFile, 400))).toEqual(['file']);
    // Fields after the file part are never seen: the bytes are already streaming.
    const late = await importFile([file, { name: 'format', value: 'netscape' }]);
    expect(problemFields(expectProblem(late, 400))).toEqual(['format']);
    expect(
      problemFields(expectProblem(await importFile([{ name: 'format', value: 'chrome' }, file]), 400)),
    ).toEqual(['format']);
    const oversized = await importFile([
      { name: 'format', value: 'netscape' },
      { name: 'file', fileName: 'huge.html', bytes: Buffer.alloc(TEST_IMPORT_MAX_BYTES + 1, 0x20) },
    ]);
    expectProblem(oversized, 413, 'payload-too-large');
    expect((await user.client.get('/bookmarks?limit=200')).json<{ items: unknown[] }>().items.length).toBe(
      before,
    );
  });

  it('exports bookmarks as a Netscape file and everything as JSON, downloadable once done', async () => {
    await user.client.post('/notes', { title: 'Exported note', body: 'kept' });

    const netscape = await user.client.post('/exports', { format: 'netscape' });
    expect({ status: netscape.statusCode, body: netscape.body }).toMatchObject({ status: 202 });
    const netscapeJob = await finished(user.client, `/exports/${netscape.json<{ job: Job }>().job.id}`);
    expect(netscapeJob).toMatchObject({ status: 'done', kind: 'export', format: 'netscape' });
    const html = await user.client.get(`/exports/${netscapeJob.id}/download`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
    expect(html.headers['content-security-policy']).toBe('sandbox');
    expect(html.headers['x-content-type-options']).toBe('nosniff');
    expect(html.headers['content-length']).toBe(String(html.rawPayload.length));
    expect(html.body).toContain('NETSCAPE-Bookmark-file-1');
    expect(html.body).toContain('https://nodejs.org/en');

    const json = await user.client.post('/exports', { format: 'json' });
    const jsonJob = await finished(user.client, `/exports/${json.json<{ job: Job }>().job.id}`);
    expect(jsonJob.download?.contentType).toMatch(/^application\/json/);
    const document = await user.client.get(`/exports/${jsonJob.id}/download`);
    expect(document.statusCode).toBe(200);
    const exported = JSON.parse(document.body) as {
      schemaVersion: number;
      bookmarks: { url: string }[];
      notes: { title: string }[];
    };
    expect(exported.schemaVersion).toBe(1);
    expect(exported.bookmarks.map((bookmark) => bookmark.url)).toContain('https://nodejs.org/en');
    expect(exported.notes.map((note) => note.title)).toContain('Exported note');

    const markdown = await user.client.post('/exports', { format: 'markdown' });
    const markdownJob = await finished(user.client, `/exports/${markdown.json<{ job: Job }>().job.id}`);
    const archive = await user.client.get(`/exports/${markdownJob.id}/download`);
    expect(archive.rawPayload.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  });

  it('refuses an unknown export format with 400', async () => {
    expect(problemFields(expectProblem(await user.client.post('/exports', { format: 'pdf' }), 400))).toEqual([
      'format',
    ]);
  });
});
