import { Injectable } from '@nestjs/common';
import { contentEvent, type ExportFormat } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { BlobStorage } from '../files/blob-storage';
import { writeAccountJson } from '../formats/account-json.writer';
import { writeMarkdownNotesZip } from '../formats/markdown-notes.writer';
import { writeNetscapeBookmarks } from '../formats/netscape-bookmarks.writer';
import { CountingAccountReader } from './counting-account-reader';
import { TransferJobLostError } from './transfer-job-lost.error';
import { TransferJobRepository } from './transfer-job.repository';
import { type TransferJobEntity } from './transfer-job.entity';
import { AccountReader } from './transfer-ports';

interface ExportShape {
  /** The download's name without the date, and its extension. */
  stem: string;
  extension: string;
  contentType: string;
  render: (reader: CountingAccountReader, userId: string) => AsyncIterable<string | Uint8Array>;
}

const SHAPES: Record<ExportFormat, ExportShape> = {
  netscape: {
    stem: 'tracera-bookmarks',
    extension: 'html',
    contentType: 'text/html; charset=utf-8',
    render: (reader, userId) => writeNetscapeBookmarks(reader.bookmarks(userId)),
  },
  markdown: {
    stem: 'tracera-notes',
    extension: 'zip',
    contentType: 'application/zip',
    render: async function* (reader, userId) {
      yield* writeMarkdownNotesZip(reader.notes(userId), await reader.collections(userId));
    },
  },
  json: {
    stem: 'tracera-account',
    extension: 'json',
    contentType: 'application/json',
    render: (reader, userId) => writeAccountJson(reader, userId),
  },
};

/**
 * Runs an export job: streams the chosen writer over the user's content (read page by page) into a blob,
 * then marks the job done with its download. An export has no partial state worth keeping, so a job taken
 * over after a crash simply starts again (the dead runner's temporary file is swept later).
 */
@Injectable()
export class ExportJobProcessor {
  constructor(
    private readonly jobs: TransferJobRepository,
    private readonly reader: AccountReader,
    private readonly blobs: BlobStorage,
    private readonly outbox: Outbox,
  ) {}

  async run(job: TransferJobEntity): Promise<void> {
    const { userId } = job;
    const shape = SHAPES[job.format as ExportFormat];
    const reader = new CountingAccountReader(this.reader);
    const blob = await this.blobs.write(shape.render(reader, userId));
    const storageKey = this.blobs.newStorageKey();
    await this.blobs.commit(blob, storageKey);
    try {
      await this.outbox.transaction(async (manager, emit) => {
        if ((await this.jobs.lockIfHeld(manager, job.id, job.attempt)) === null) {
          throw new TransferJobLostError(job.id);
        }
        await this.jobs.finishExport(manager, job.id, reader.itemCount, {
          name: `${shape.stem}-${new Date().toISOString().slice(0, 10)}.${shape.extension}`,
          storageKey,
          size: blob.size,
          contentType: shape.contentType,
        });
        emit(
          contentEvent.exportCompleted,
          { userId, jobId: job.id, format: job.format as ExportFormat, status: 'done' },
          { actor: userId },
        );
      });
    } catch (error) {
      // The row never named the blob: remove it so it does not linger.
      await this.blobs.remove(storageKey);
      throw error;
    }
  }

  async fail(job: TransferJobEntity, reason: string): Promise<void> {
    const { userId } = job;
    await this.outbox.transaction(async (manager, emit) => {
      if ((await this.jobs.lockIfHeld(manager, job.id, job.attempt)) === null) {
        throw new TransferJobLostError(job.id);
      }
      await this.jobs.fail(manager, job.id, reason);
      emit(
        contentEvent.exportCompleted,
        { userId, jobId: job.id, format: job.format as ExportFormat, status: 'failed' },
        { actor: userId },
      );
    });
  }
}
