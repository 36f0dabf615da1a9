import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { expectProblem, problemFields } from './gateway-auth.fixture';
import {
  type ContentStack,
  multipartForm,
  postForm,
  registerUser,
  type SignedInUser,
  startContentStack,
  TEST_FILE_MAX_BYTES,
} from './content-stack.fixture';

interface StoredFile {
  id: string;
  name: string;
  size: number;
  contentType: string;
  checksum: string;
  description: string;
  tags: string[];
  version: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Everything under `dir`, recursively (the content service's blob store). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Uploads and downloads stream through the gateway to the content service's internal port and back. */
describe('files API: multipart upload and download', () => {
  let stack: ContentStack;
  let user: SignedInUser;

  beforeAll(async () => {
    stack = await startContentStack();
    user = await registerUser(stack, 'files');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const upload = (bytes: Buffer, fileName: string, headers: Record<string, string> = {}) =>
    postForm(
      user.client,
      '/files',
      [
        { name: 'description', value: 'A picture' },
        { name: 'file', fileName, bytes },
      ],
      headers,
    );
  const fileCount = async () =>
    (await user.client.get('/files?limit=200')).json<{ items: unknown[] }>().items.length;

  it('stores an upload and serves the exact bytes back as a safe attachment', async () => {
    const bytes = Buffer.concat([PNG_SIGNATURE, randomBytes(100_000)]);
    const created = await upload(bytes, 'holiday.png');
    expect({ status: created.statusCode, body: created.body }).toMatchObject({ status: 201 });
    expect(created.headers.etag).toBe('"1"');
    const { file } = created.json<{ file: StoredFile }>();
    expect(file).toMatchObject({
      name: 'holiday.png',
      size: bytes.length,
      contentType: 'image/png',
      checksum: createHash('sha256').update(bytes).digest('hex'),
      description: 'A picture',
      version: 1,
    });
    expect((await user.client.get(`/files/${file.id}`)).json()).toEqual({ file });
    expect((await user.client.get('/files')).json<{ items: StoredFile[] }>().items).toContainEqual(file);

    const download = await user.client.get(`/files/${file.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(bytes)).toBe(true);
    expect(download.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(bytes.length),
      'content-disposition': `attachment; filename="holiday.png"; filename*=UTF-8''holiday.png`,
      etag: `"${file.checksum}"`,
      'content-security-policy': 'sandbox',
      'x-content-type-options': 'nosniff',
    });
  });

  it('never serves a file as something a browser runs, and names non-ASCII files in both forms', async () => {
    // The sniffer calls UTF-8 markup text: it is served as plain text, never as text/html.
    const html = Buffer.from('<!doctype html><html><script>alert(1)</script></html>');
    const { file } = (await upload(html, 'Überblick.html')).json<{ file: StoredFile }>();
    expect(file.name).toBe('Überblick.html');
    const download = await user.client.get(`/files/${file.id}/content`);
    expect(download.rawPayload.equals(html)).toBe(true);
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="_berblick.html"; filename*=UTF-8''%C3%9Cberblick.html`,
    );

    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(64)]);
    const archive = (await upload(zip, 'bundle.zip')).json<{ file: StoredFile }>().file;
    expect(archive.contentType).toBe('application/zip');
    const served = await user.client.get(`/files/${archive.id}/content`);
    expect(served.headers['content-type']).toBe('application/octet-stream');
    expect(served.rawPayload.equals(zip)).toBe(true);
  });

  it('renames and deletes a file with If-Match; the bytes go with it', async () => {
    const { file } = (await upload(randomBytes(2048), 'blob.bin')).json<{ file: StoredFile }>();
    const renamed = await user.client.request({
      method: 'PATCH',
      url: `/files/${file.id}`,
      payload: { name: 'renamed.bin', tags: ['archive'] },
      headers: { 'if-match': '"1"' },
    });
    expect({ status: renamed.statusCode, body: renamed.body }).toMatchObject({ status: 200 });
    expect(renamed.headers.etag).toBe('"2"');
    expect(renamed.json()).toMatchObject({ file: { name: 'renamed.bin', tags: ['archive'], version: 2 } });
    expect((await user.client.get('/files?tag=archive')).json<{ items: StoredFile[] }>().items).toEqual([
      expect.objectContaining({ id: file.id }),
    ]);
    const stale = await user.client.request({
      method: 'DELETE',
      url: `/files/${file.id}`,
      headers: { 'if-match': '"1"' },
    });
    expectProblem(stale, 412, 'precondition-failed');
    expect((await user.client.delete(`/files/${file.id}`)).statusCode).toBe(204);
    expectProblem(await user.client.get(`/files/${file.id}`), 404, 'not-found');
    expectProblem(await user.client.get(`/files/${file.id}/content`), 404, 'not-found');
  });

  it('answers a retried upload with the same Idempotency-Key with the first file', async () => {
    const bytes = randomBytes(4096);
    const before = await fileCount();
    const first = await upload(bytes, 'once.bin', { 'idempotency-key': 'upload-once' });
    const retry = await upload(bytes, 'once.bin', { 'idempotency-key': 'upload-once' });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json<{ file: StoredFile }>().file.id).toBe(first.json<{ file: StoredFile }>().file.id);
    expect(await fileCount()).toBe(before + 1);
  });

  it('refuses a file over the limit with 413 and keeps nothing of it', async () => {
    const before = { files: await fileCount(), blobs: (await filesUnder(stack.filesDir)).length };
    const declared = await upload(randomBytes(TEST_FILE_MAX_BYTES + 1), 'big.bin');
    expectProblem(declared, 413, 'payload-too-large');

    // Without a Content-Length (chunked), the limit is found while the bytes stream.
    const form = multipartForm([
      { name: 'file', fileName: 'big.bin', bytes: randomBytes(TEST_FILE_MAX_BYTES * 2) },
    ]);
    const chunks = [form.payload.subarray(0, 1000), form.payload.subarray(1000)];
    const streamed = await fetch(`${stack.gatewayUrl}/api/v1/files`, {
      method: 'POST',
      headers: { ...form.headers, cookie: `tracera_session=${user.token}` },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect(streamed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await streamed.json()).toMatchObject({ status: 413 });

    expect(await fileCount()).toBe(before.files);
    expect((await filesUnder(stack.filesDir)).length).toBe(before.blobs);
  });

  it('answers an upload declared over the limit before reading it, and closes the connection', async () => {
    // What a browser sends: a Content-Length over the limit, then bytes it keeps sending until answered.
    const form = multipartForm([{ name: 'file', fileName: 'big.bin', bytes: randomBytes(1000) }]);
    const declaredLength = TEST_FILE_MAX_BYTES * 1000;
    const { status, connection, closed } = await new Promise<{
      status: number;
      connection: string | undefined;
      closed: Promise<void>;
    }>((resolve, reject) => {
      const request = httpRequest(`${stack.gatewayUrl}/api/v1/files`, {
        method: 'POST',
        headers: {
          ...form.headers,
          'content-length': String(declaredLength),
          cookie: `tracera_session=${user.token}`,
        },
      });
      request.on('error', reject);
      request.on('response', (response) => {
        response.resume();
        resolve({
          status: response.statusCode ?? 0,
          connection: response.headers.connection,
          closed: new Promise((done) => request.socket?.once('close', () => done())),
        });
      });
      request.write(form.payload.subarray(0, form.payload.length - 10));
    });
    expect(status).toBe(413);
    // Kept alive, the unread body would leave a browser's upload stalled with no answer.
    expect(connection).toBe('close');
    await closed;
  });

  it('accepts a file of exactly the limit', async () => {
    const bytes = randomBytes(TEST_FILE_MAX_BYTES);
    const created = await upload(bytes, 'exact.bin');
    expect({ status: created.statusCode, body: created.body }).toMatchObject({ status: 201 });
    const download = await user.client.get(`/files/${created.json<{ file: StoredFile }>().file.id}/content`);
    expect(download.rawPayload.equals(bytes)).toBe(true);
  });

  it('answers 415 to a non-multipart upload and 400 to a form without a file or with unknown fields', async () => {
    const before = await fileCount();
    expectProblem(await user.client.post('/files', { name: 'x' }), 415, 'unsupported-media-type');
    const noBoundary = await user.client.request({
      method: 'POST',
      url: '/files',
      payload: 'garbage',
      headers: { 'content-type': 'multipart/form-data' },
    });
    expectProblem(noBoundary, 400, 'validation-failed');
    const truncated = multipartForm([{ name: 'file', fileName: 'a.txt', bytes: Buffer.from('abc') }]);
    const cut = await user.client.request({
      method: 'POST',
      url: '/files',
      payload: truncated.payload.subarray(0, truncated.payload.length - 20),
      headers: truncated.headers,
    });
    expectProblem(cut, 400);
    const noFile = await postForm(user.client, '/files', [
      { name: 'description', value: 'nothing attached' },
    ]);
    expect(problemFields(expectProblem(noFile, 400, 'validation-failed'))).toEqual(['file']);
    const unknown = await postForm(user.client, '/files', [
      { name: 'owner', value: 'someone' },
      { name: 'file', fileName: 'a.txt', bytes: Buffer.from('a') },
    ]);
    expect(problemFields(expectProblem(unknown, 400, 'validation-failed'))).toEqual(['owner']);
    const wrongPart = await postForm(user.client, '/files', [
      { name: 'attachment', fileName: 'a.txt', bytes: Buffer.from('a') },
    ]);
    expect(problemFields(expectProblem(wrongPart, 400, 'validation-failed'))).toEqual(['attachment']);
    for (const texts of [
      [
        { name: 'description', value: 'one' },
        { name: 'description', value: 'two' },
      ],
      [{ name: 'description', value: 'x'.repeat(10_001) }],
    ]) {
      const invalid = await postForm(user.client, '/files', [
        ...texts,
        { name: 'file', fileName: 'a.txt', bytes: Buffer.from('a') },
      ]);
      expect(problemFields(expectProblem(invalid, 400, 'validation-failed'))).toEqual(['description']);
    }
    expect(await fileCount()).toBe(before);
  });
});

describe('files API when the content service’s byte port is unreachable', () => {
  let stack: ContentStack;
  let user: SignedInUser;

  beforeAll(async () => {
    // Port 9 (discard) has no listener here: the RPCs work, the byte transfer cannot connect.
    stack = await startContentStack({ env: { CONTENT_INTERNAL_URL: 'http://127.0.0.1:9' } });
    user = await registerUser(stack, 'outage');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers 503 to uploads and stores nothing', async () => {
    const response = await postForm(user.client, '/files', [
      { name: 'file', fileName: 'a.bin', bytes: randomBytes(1024) },
    ]);
    expectProblem(response, 503, 'service-unavailable');
    expect((await user.client.get('/files')).json<{ items: unknown[] }>().items).toEqual([]);
  });
});
