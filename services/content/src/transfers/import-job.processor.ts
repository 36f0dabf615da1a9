import { Injectable } from '@nestjs/common';
import { contentEvent, type ImportFormat } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { BlobStorage } from '../files/blob-storage';
import { MalformedImportError, type ParsedImport } from '../formats/import-problems';
import { parseNetscapeBookmarks } from '../formats/netscape-bookmarks.parser';
import { parsePocketCsv } from '../formats/pocket-csv.parser';
import { TransferJobLostError } from './transfer-job-lost.error';
import { TransferJobRepository } from './transfer-job.repository';
import { type TransferJobEntity } from './transfer-job.entity';
import { BookmarkImporter } from './transfer-ports';

/** Rows per transaction: big enough to be fast, small enough that a crash repeats little and locks briefly. */
export const IMPORT_BATCH_SIZE = 500;

const PARSERS: Record<ImportFormat, (text: string) => ParsedImport> = {
  netscape: parseNetscapeBookmarks,
  pocket: parsePocketCsv,
};

/**
 * Runs an import job: parses the stored upload (the same bytes parse to the same rows, so a resumed job
 * continues at `rows_done`), then stores it batch by batch; each batch's bookmarks, their events and the
 * job's report commit in one transaction, so the report never disagrees with what was stored.
 */
@Injectable()
export class ImportJobProcessor {
  constructor(
    private readonly jobs: TransferJobRepository,
    private readonly importer: BookmarkImporter,
    private readonly blobs: BlobStorage,
    private readonly outbox: Outbox,
  ) {}

  /** Works until the job is finished (true), or `keepGoing` says stop (false: it is resumed later). */
  async run(job: TransferJobEntity, keepGoing: () => boolean): Promise<boolean> {
    const parsed = await this.parse(job);
    if (parsed === null) return true;
    while (keepGoing()) {
      if (await this.storeNextBatch(job, parsed)) {
        await this.removeSource(job);
        return true;
      }
    }
    return false;
  }

  /** Stores the batch after the last committed one; true when that finished the job. */
  storeNextBatch(job: TransferJobEntity, parsed: ParsedImport): Promise<boolean> {
    const { userId } = job;
    return this.outbox.transaction(async (manager, emit) => {
      const current = await this.jobs.lockIfHeld(manager, job.id, job.attempt);
      if (current === null) throw new TransferJobLostError(job.id);
      const rows = parsed.rows.slice(current.rowsDone, current.rowsDone + IMPORT_BATCH_SIZE);
      const outcome =
        rows.length > 0
          ? await this.importer.importBatch(manager, userId, rows, emit)
          : { imported: 0, skipped: [] };
      // Rows the parser could not read are reported once, with the first batch.
      const problems = current.rowsDone === 0 ? parsed.problems : [];
      const rowsDone = current.rowsDone + rows.length;
      const finished = rowsDone >= parsed.rows.length;
      await this.jobs.recordImportBatch(manager, job.id, {
        rowsDone,
        processed: rowsDone + parsed.problems.length,
        total: parsed.rows.length + parsed.problems.length,
        imported: outcome.imported,
        skipped: [...problems, ...outcome.skipped],
        finished,
      });
      if (finished) {
        emit(
          contentEvent.importCompleted,
          {
            userId,
            jobId: job.id,
            format: job.format as ImportFormat,
            status: 'done',
            imported: current.imported + outcome.imported,
            skipped: current.skipped.length + problems.length + outcome.skipped.length,
          },
          { actor: userId },
        );
      }
      return finished;
    });
  }

  /** Ends the job as failed (nothing of it stored unless batches already committed, which the report counts). */
  async fail(job: TransferJobEntity, reason: string): Promise<void> {
    const { userId } = job;
    await this.outbox.transaction(async (manager, emit) => {
      const current = await this.jobs.lockIfHeld(manager, job.id, job.attempt);
      if (current === null) throw new TransferJobLostError(job.id);
      await this.jobs.fail(manager, job.id, reason);
      emit(
        contentEvent.importCompleted,
        {
          userId,
          jobId: job.id,
          format: job.format as ImportFormat,
          status: 'failed',
          imported: current.imported,
          skipped: current.skipped.length,
        },
        { actor: userId },
      );
    });
    await this.removeSource(job);
  }

  /** The file's rows, or null after failing the job when the whole file is unreadable. */
  async parse(job: TransferJobEntity): Promise<ParsedImport | null> {
    const text = await this.blobs.readText(job.sourceStorageKey!);
    try {
      return PARSERS[job.format as ImportFormat](text);
    } catch (error) {
      if (!(error instanceof MalformedImportError)) throw error;
      await this.fail(job, error.message);
      return null;
    }
  }

  private async removeSource(job: TransferJobEntity): Promise<void> {
    if (job.sourceStorageKey !== null) await this.blobs.remove(job.sourceStorageKey);
  }
}
