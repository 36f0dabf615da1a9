import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { contentRpc, type FileView } from '@tracera/contracts';
import { waitFor } from '@tracera/testing';
import { ContentTestBed, newUserId } from './content-test-harness';

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * PUTs `chunks` the way the gateway streams an upload (chunked unless `declaredLength` is given). Stops
 * writing once the server answered, as a client does when the server refuses the body early.
 */
function putBytes(url: string, chunks: Buffer[], declaredLength?: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (declaredLength !== undefined) headers['content-length'] = String(declaredLength);
    const req = httpRequest(url, { method: 'PUT', headers }, (res) => {
      answered = true;
      const body: Buffer[] = [];
      res.on('data', (chunk: Buffer) => body.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(body) }),
      );
      res.on('error', reject);
    });
    // A refused body may reset the connection while we still write; the answer already arrived then.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const writeNext = (index: number) => {
      if (answered || req.destroyed) return;
      if (index === chunks.length) {
        req.end();
        return;
      }
      req.write(chunks[index], () => setImmediate(() => writeNext(index + 1)));
    };
    writeNext(0);
  });
}

async function getBytes(url: string): Promise<HttpAnswer> {
  const response = await fetch(url);
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

const PNG_HEAD = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function blobsIn(filesDir: string): string[] {
  const root = join(filesDir, 'blobs');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((shard) => readdirSync(join(root, shard)));
}

function tempFilesIn(filesDir: string): string[] {
  const root = join(filesDir, 'tmp');
  return existsSync(root) ? readdirSync(root) : [];
}

describe('files: upload, download and delete over the internal HTTP port', () => {
  let bed: ContentTestBed;

  beforeAll(async () => {
    bed = await ContentTestBed.start({ FILES_MAX_SIZE: '64kb' }, 'files');
  });

  afterAll(async () => {
    await bed.close();
  });

  async function upload(
    userId: string,
    bytes: Buffer,
    options: { name?: string; description?: string; idempotencyKey?: string; chunkSize?: number } = {},
  ): Promise<HttpAnswer> {
    const { ticket } = await bed.call(contentRpc.beginUpload, {
      purpose: 'file',
      userId,
      name: options.name ?? 'picture.png',
      description: options.description,
      idempotencyKey: options.idempotencyKey,
    });
    const size = options.chunkSize ?? 4096;
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < bytes.length; offset += size)
      chunks.push(bytes.subarray(offset, offset + size));
    return putBytes(`${bed.url}/internal/uploads/${ticket}`, chunks);
  }

  async function uploadFile(userId: string, bytes: Buffer, name = 'picture.png'): Promise<FileView> {
    const answer = await upload(userId, bytes, { name });
    expect(answer.status).toBe(201);
    return (JSON.parse(answer.body.toString('utf8')) as { file: FileView }).file;
  }

  it('stores a streamed upload with its sniffed type, size and SHA-256, and announces it', async () => {
    const userId = newUserId();
    const bytes = Buffer.concat([PNG_HEAD, randomBytes(20_000)]);
    const answer = await upload(userId, bytes, { name: 'holiday.png', description: 'beach' });

    expect(answer.status).toBe(201);
    const { file } = JSON.parse(answer.body.toString('utf8')) as { file: FileView };
    expect(file).toMatchObject({
      name: 'holiday.png',
      description: 'beach',
      size: bytes.length,
      contentType: 'image/png',
      checksum: sha256(bytes),
      tags: [],
      collectionId: null,
      version: 1,
    });
    expect(await bed.call(contentRpc.getFile, { userId, id: file.id })).toEqual({ file });
    const events = (await bed.outbox(userId)).filter((event) => event.type === 'file.uploaded');
    expect(events).toEqual([{ type: 'file.uploaded', data: { userId, file } }]);
  });

  it('sniffs the type from the bytes, not from the name the client gave', async () => {
    const userId = newUserId();
    const text = await uploadFile(userId, Buffer.from('just some notes\nline two\n'), 'fake.png');
    expect(text.contentType).toMatch(/^text\/plain/);
    const png = await uploadFile(userId, Buffer.concat([PNG_HEAD, randomBytes(100)]), 'notes.txt');
    expect(png.contentType).toBe('image/png');
  });

  it('serves the exact bytes with Content-Type and Content-Length, once per ticket', async () => {
    const userId = newUserId();
    const bytes = Buffer.concat([PNG_HEAD, randomBytes(30_000)]);
    const file = await uploadFile(userId, bytes, 'Grüße & "quotes".png');

    const download = await bed.call(contentRpc.beginDownload, { userId, kind: 'file', id: file.id });
    expect(download).toMatchObject({
      name: 'Grüße & "quotes".png',
      contentType: 'image/png',
      size: bytes.length,
      checksum: sha256(bytes),
    });
    const answer = await getBytes(`${bed.url}/internal/downloads/${download.ticket}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('image/png');
    expect(answer.headers['content-length']).toBe(String(bytes.length));
    expect(answer.body.equals(bytes)).toBe(true);

    const again = await getBytes(`${bed.url}/internal/downloads/${download.ticket}`);
    expect(again.status).toBe(404);
    expect(JSON.parse(again.body.toString('utf8'))).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('accepts an upload ticket only once, and never an invented one', async () => {
    const userId = newUserId();
    const { ticket } = await bed.call(contentRpc.beginUpload, { purpose: 'file', userId, name: 'a.txt' });
    const first = await putBytes(`${bed.url}/internal/uploads/${ticket}`, [Buffer.from('hello')]);
    expect(first.status).toBe(201);
    const second = await putBytes(`${bed.url}/internal/uploads/${ticket}`, [Buffer.from('hello again')]);
    expect(second.status).toBe(404);
    expect(JSON.parse(second.body.toString('utf8'))).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const invented = await putBytes(`${bed.url}/internal/uploads/${randomBytes(32).toString('base64url')}`, [
      Buffer.from('x'),
    ]);
    expect(invented.status).toBe(404);
    expect((await bed.call(contentRpc.listFiles, { userId })).items).toHaveLength(1);
  });

  it('refuses an upload over the limit with 413 while streaming and keeps nothing of it', async () => {
    const userId = newUserId();
    const blobsBefore = blobsIn(bed.config.content.filesDir).length;
    const answer = await upload(userId, randomBytes(200 * 1024), { chunkSize: 16 * 1024 });

    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body.toString('utf8'))).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE', details: { maxBytes: 64 * 1024 } },
    });
    expect((await bed.call(contentRpc.listFiles, { userId })).items).toEqual([]);
    expect(blobsIn(bed.config.content.filesDir)).toHaveLength(blobsBefore);
    expect(tempFilesIn(bed.config.content.filesDir)).toEqual([]);
    expect(await bed.outboxTypes(userId)).toEqual([]);
  });

  it('answers 413 to a fetch that streams an oversized body', async () => {
    const userId = newUserId();
    const { ticket } = await bed.call(contentRpc.beginUpload, { purpose: 'file', userId, name: 'big.bin' });
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 300 * 1024) return controller.close();
        sent += 16 * 1024;
        controller.enqueue(randomBytes(16 * 1024));
      },
    });
    const response = await fetch(`${bed.url}/internal/uploads/${ticket}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body,
      duplex: 'half',
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect((await bed.call(contentRpc.listFiles, { userId })).items).toEqual([]);
  });

  it('keeps nothing of an upload the client abandons halfway', async () => {
    const userId = newUserId();
    const blobsBefore = blobsIn(bed.config.content.filesDir).length;
    const { ticket } = await bed.call(contentRpc.beginUpload, { purpose: 'file', userId, name: 'cut.bin' });
    const req = httpRequest(`${bed.url}/internal/uploads/${ticket}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(32 * 1024) },
    });
    req.on('error', () => undefined);
    req.write(randomBytes(8 * 1024));
    await waitFor(() => tempFilesIn(bed.config.content.filesDir).length > 0, {
      description: 'the upload to start',
    });
    req.destroy();

    await waitFor(() => tempFilesIn(bed.config.content.filesDir).length === 0, {
      description: 'the partial file to be removed',
    });
    expect(blobsIn(bed.config.content.filesDir)).toHaveLength(blobsBefore);
    expect((await bed.call(contentRpc.listFiles, { userId })).items).toEqual([]);
  });

  it('refuses a declared size over the limit before any byte moves', async () => {
    const userId = newUserId();
    const early = await bed.failure(contentRpc.beginUpload, {
      purpose: 'file',
      userId,
      name: 'big.bin',
      declaredSize: 65 * 1024,
    });
    expect(early.code).toBe('PAYLOAD_TOO_LARGE');

    const { ticket } = await bed.call(contentRpc.beginUpload, { purpose: 'file', userId, name: 'big.bin' });
    const chunks = Array.from({ length: 65 }, () => randomBytes(1024));
    const answer = await putBytes(`${bed.url}/internal/uploads/${ticket}`, chunks, 65 * 1024);
    expect(answer.status).toBe(413);
    expect((await bed.call(contentRpc.listFiles, { userId })).items).toEqual([]);
  });

  it('stores a file of exactly the limit', async () => {
    const userId = newUserId();
    const bytes = randomBytes(64 * 1024);
    const file = await uploadFile(userId, bytes, 'exact.bin');
    expect(file.size).toBe(bytes.length);
    expect(file.checksum).toBe(sha256(bytes));
  });

  it('answers a retried upload with the first result and keeps one copy', async () => {
    const userId = newUserId();
    const blobsBefore = blobsIn(bed.config.content.filesDir).length;
    const bytes = Buffer.from('same bytes twice');
    const first = await upload(userId, bytes, { name: 'retry.txt', idempotencyKey: 'upload-1' });
    const second = await upload(userId, bytes, { name: 'retry.txt', idempotencyKey: 'upload-1' });

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(JSON.parse(second.body.toString('utf8'))).toEqual(JSON.parse(first.body.toString('utf8')));
    expect((await bed.call(contentRpc.listFiles, { userId })).items).toHaveLength(1);
    expect(blobsIn(bed.config.content.filesDir)).toHaveLength(blobsBefore + 1);
    expect(await bed.outboxTypes(userId)).toEqual(['file.uploaded']);
  });

  it('renames, describes and tags a file, refusing a stale version', async () => {
    const userId = newUserId();
    const file = await uploadFile(userId, Buffer.from('report body'), 'report.txt');

    const { file: updated } = await bed.call(contentRpc.updateFile, {
      userId,
      id: file.id,
      name: 'Q3 report.txt',
      tags: ['Work', '#finance'],
      expectedVersion: 1,
    });
    expect(updated).toMatchObject({ name: 'Q3 report.txt', tags: ['finance', 'work'], version: 2 });
    expect(updated.checksum).toBe(file.checksum);

    const stale = await bed.failure(contentRpc.updateFile, {
      userId,
      id: file.id,
      description: 'late',
      expectedVersion: 1,
    });
    expect(stale.code).toBe('PRECONDITION_FAILED');
    expect(stale.details).toEqual({ currentVersion: 2 });

    const updates = (await bed.outbox(userId)).filter((event) => event.type === 'file.updated');
    expect(updates).toEqual([
      { type: 'file.updated', data: { userId, file: updated, changed: ['name', 'tags'] } },
    ]);
    const byTag = await bed.call(contentRpc.listFiles, { userId, tag: 'finance' });
    expect(byTag.items.map((item) => item.id)).toEqual([file.id]);
    expect((await bed.call(contentRpc.listFiles, { userId, tag: 'other' })).items).toEqual([]);
  });

  it('pages through the files in the requested order', async () => {
    const userId = newUserId();
    const sizes = [5, 1, 4, 2, 3];
    for (const size of sizes) await uploadFile(userId, randomBytes(size), `f${size}.bin`);

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await bed.call(contentRpc.listFiles, { userId, sort: '-size', limit: 2, cursor });
      seen.push(...page.items.map((item) => item.size));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
  });

  it('deletes the row and then the bytes, and announces it', async () => {
    const userId = newUserId();
    const file = await uploadFile(userId, Buffer.concat([PNG_HEAD, randomBytes(100)]));
    const [{ storage_key: storageKey }] = await bed.query<{ storage_key: string }>(
      'SELECT storage_key FROM content.files WHERE id = $1',
      [file.id],
    );
    expect(blobsIn(bed.config.content.filesDir)).toContain(storageKey);
    const download = await bed.call(contentRpc.beginDownload, { userId, kind: 'file', id: file.id });

    await bed.call(contentRpc.deleteFile, { userId, id: file.id, expectedVersion: 1 });

    expect(blobsIn(bed.config.content.filesDir)).not.toContain(storageKey);
    expect((await bed.failure(contentRpc.getFile, { userId, id: file.id })).code).toBe('NOT_FOUND');
    expect((await getBytes(`${bed.url}/internal/downloads/${download.ticket}`)).status).toBe(404);
    const deleted = (await bed.outbox(userId)).filter((event) => event.type === 'file.deleted');
    expect(deleted).toEqual([{ type: 'file.deleted', data: { userId, id: file.id, version: 1 } }]);
  });

  it("treats another user's file exactly like a missing one", async () => {
    const owner = newUserId();
    const stranger = newUserId();
    const file = await uploadFile(owner, Buffer.from('private'), 'private.txt');

    for (const failure of [
      await bed.failure(contentRpc.getFile, { userId: stranger, id: file.id }),
      await bed.failure(contentRpc.updateFile, { userId: stranger, id: file.id, name: 'mine now' }),
      await bed.failure(contentRpc.deleteFile, { userId: stranger, id: file.id }),
      await bed.failure(contentRpc.beginDownload, { userId: stranger, kind: 'file', id: file.id }),
    ]) {
      expect(failure.code).toBe('NOT_FOUND');
      expect(failure.message).toBe('no such file');
    }
    expect((await bed.call(contentRpc.listFiles, { userId: stranger })).items).toEqual([]);
    expect(await bed.call(contentRpc.getFile, { userId: owner, id: file.id })).toEqual({ file });
  });
});
