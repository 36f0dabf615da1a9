import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable } from 'node:stream';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { SNIFF_BYTES } from '../formats/content-sniffer';

/** A blob written to a temporary file, not yet visible under its storage key. */
export interface PendingBlob {
  tempPath: string;
  size: number;
  /** SHA-256 of the bytes, hex. */
  checksum: string;
  /** The first bytes, for sniffing the content type. */
  head: Uint8Array;
}

/** The stream carried more bytes than allowed; nothing of it was kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
    this.name = 'BlobTooLargeError';
  }
}

const STORAGE_KEY = /^[0-9a-f]{32}$/;
/** Temporary files older than this belong to a write that died with its process. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * File bytes and export archives under FILES_DIR, named by random storage keys (never by a user's file
 * name). Writes go to a temporary file that is fsynced and then renamed, so a blob is whole or absent.
 */
@Injectable()
export class BlobStorage implements OnModuleInit {
  private readonly logger = new Logger('BlobStorage');
  private readonly blobsDir: string;
  private readonly tempDir: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.blobsDir = join(config.content.filesDir, 'blobs');
    this.tempDir = join(config.content.filesDir, 'tmp');
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.blobsDir, { recursive: true });
    await mkdir(this.tempDir, { recursive: true });
    await this.removeStaleTempFiles();
  }

  newStorageKey(): string {
    return randomBytes(16).toString('hex');
  }

  /**
   * Copies `source` into a temporary file, hashing it and keeping its head; stops reading and removes the
   * partial file as soon as it passes `maxBytes`. The source is left open so the caller can still answer.
   */
  async receive(source: Readable, maxBytes: number): Promise<PendingBlob> {
    const tempPath = this.newTempPath();
    const file = await open(tempPath, 'wx', 0o600);
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headSize = 0;
    let size = 0;
    try {
      // Not destroyed on early exit: the request must stay open for the 413 answer.
      for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
        hash.update(chunk);
        if (headSize < SNIFF_BYTES) {
          head.push(chunk.subarray(0, SNIFF_BYTES - headSize));
          headSize += Math.min(chunk.length, SNIFF_BYTES - headSize);
        }
        await writeAll(file, chunk);
      }
      await file.sync();
      await file.close();
    } catch (error) {
      await file.close().catch(() => undefined);
      await rm(tempPath, { force: true });
      throw error;
    }
    return { tempPath, size, checksum: hash.digest('hex'), head: Buffer.concat(head) };
  }

  /** Writes generated content (an export) into a temporary file. */
  async write(chunks: AsyncIterable<string | Uint8Array>): Promise<PendingBlob> {
    const tempPath = this.newTempPath();
    const file = await open(tempPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of chunks) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        size += bytes.length;
        hash.update(bytes);
        await writeAll(file, bytes);
      }
      await file.sync();
      await file.close();
    } catch (error) {
      await file.close().catch(() => undefined);
      await rm(tempPath, { force: true });
      throw error;
    }
    return { tempPath, size, checksum: hash.digest('hex'), head: new Uint8Array() };
  }

  /** Makes a pending blob visible under `storageKey` (call before the row that names it commits). */
  async commit(blob: PendingBlob, storageKey: string): Promise<void> {
    const target = this.pathOf(storageKey);
    await mkdir(join(target, '..'), { recursive: true });
    await rename(blob.tempPath, target);
    // The rename itself is durable only once the directory is synced.
    const dir = await open(join(target, '..'), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async discard(blob: PendingBlob): Promise<void> {
    await rm(blob.tempPath, { force: true });
  }

  /** Removes a blob; one already gone is fine (deletes are retried after crashes). */
  async remove(storageKey: string): Promise<void> {
    await rm(this.pathOf(storageKey), { force: true });
  }

  openRead(storageKey: string): ReadStream {
    return createReadStream(this.pathOf(storageKey));
  }

  async readText(storageKey: string): Promise<string> {
    return (await readFile(this.pathOf(storageKey), 'utf8')).replace(/^\uFEFF/, '');
  }

  async exists(storageKey: string): Promise<boolean> {
    return stat(this.pathOf(storageKey)).then(
      () => true,
      () => false,
    );
  }

  private pathOf(storageKey: string): string {
    // Keys come from our own rows, but a path must never be steerable by anything else.
    if (!STORAGE_KEY.test(storageKey)) throw new Error(`invalid storage key "${storageKey}"`);
    return join(this.blobsDir, storageKey.slice(0, 2), storageKey);
  }

  private newTempPath(): string {
    return join(this.tempDir, `${randomBytes(16).toString('hex')}.part`);
  }

  private async removeStaleTempFiles(): Promise<void> {
    const cutoff = Date.now() - STALE_TEMP_MS;
    for (const name of await readdir(this.tempDir)) {
      const path = join(this.tempDir, name);
      const info = await stat(path).catch(() => null);
      if (info !== null && info.mtimeMs < cutoff) {
        await rm(path, { force: true });
        this.logger.log(`removed abandoned temporary file ${name}`);
      }
    }
  }
}

async function writeAll(file: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}
