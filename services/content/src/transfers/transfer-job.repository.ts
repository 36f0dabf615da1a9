import { Injectable } from '@nestjs/common';
import { type ExportFormat, type ImportFormat } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager, type Repository } from 'typeorm';
import { type SkippedRow } from './transfer-ports';
import { TransferJobEntity, type TransferJobKind } from './transfer-job.entity';

export type NewImportJob = { id: string; userId: string; format: ImportFormat } & Pick<
  TransferJobEntity,
  'sourceName' | 'sourceStorageKey'
>;
export type NewExportJob = { id: string; userId: string; format: ExportFormat };

/** What one committed import batch adds to its job. */
export interface ImportBatchRecord {
  rowsDone: number;
  processed: number;
  total: number;
  imported: number;
  skipped: SkippedRow[];
  finished: boolean;
}

export interface ExportResult {
  name: string;
  storageKey: string;
  size: number;
  contentType: string;
}

/** Every SQL on `content.transfer_jobs`; reads for clients are scoped by the owner's id. */
@Injectable()
export class TransferJobRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private jobs(manager?: EntityManager): Repository<TransferJobEntity> {
    return (manager ?? this.connector.dataSource.manager).getRepository(TransferJobEntity);
  }

  async insertImport(manager: EntityManager, job: NewImportJob): Promise<TransferJobEntity> {
    await this.jobs(manager).insert({ ...job, kind: 'import', status: 'queued' });
    return this.jobs(manager).findOneByOrFail({ id: job.id });
  }

  async insertExport(manager: EntityManager, job: NewExportJob): Promise<TransferJobEntity> {
    await this.jobs(manager).insert({ ...job, kind: 'export', status: 'queued' });
    return this.jobs(manager).findOneByOrFail({ id: job.id });
  }

  findOwned(userId: string, kind: TransferJobKind, id: string): Promise<TransferJobEntity | null> {
    return this.jobs().findOneBy({ id, userId, kind });
  }

  /**
   * Takes the oldest queued job, or a running one whose runner stopped heartbeating (its replica died), and
   * marks it running under a new attempt; replicas never take the same job (SKIP LOCKED).
   */
  async claimNext(staleAfterMs: number): Promise<TransferJobEntity | null> {
    // pg answers an UPDATE … RETURNING as [rows, affected count].
    const [rows] = await this.connector.dataSource.query<[{ id: string }[], number]>(
      `UPDATE content.transfer_jobs
          SET status = 'running', attempt = attempt + 1, heartbeat_at = now(), updated_at = now()
        WHERE id = (
          SELECT id FROM content.transfer_jobs
           WHERE status = 'queued'
              OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $1::float8 / 1000))
           ORDER BY created_at
           LIMIT 1
           FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [staleAfterMs],
    );
    return rows.length === 0 ? null : this.jobs().findOneByOrFail({ id: rows[0].id });
  }

  /** False when the job was taken over by another runner (a newer attempt) or finished meanwhile. */
  async heartbeat(id: string, attempt: number): Promise<boolean> {
    const result = await this.jobs()
      .createQueryBuilder()
      .update()
      .set({ heartbeatAt: () => 'now()' })
      .where(`id = :id AND attempt = :attempt AND status = 'running'`, { id, attempt })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Hands a job this runner holds back to the queue (a replica shutting down), so any runner resumes it now. */
  async release(id: string, attempt: number): Promise<void> {
    await this.jobs()
      .createQueryBuilder()
      .update()
      .set({ status: 'queued', updatedAt: () => 'now()' })
      .where(`id = :id AND attempt = :attempt AND status = 'running'`, { id, attempt })
      .execute();
  }

  /**
   * Locks the job for the rest of the transaction when `attempt` still holds it: a batch commits only under
   * the claim it was made with, so a runner that lost its job can never store that batch twice.
   */
  lockIfHeld(manager: EntityManager, id: string, attempt: number): Promise<TransferJobEntity | null> {
    return this.jobs(manager)
      .createQueryBuilder('job')
      .setLock('pessimistic_write')
      .where(`job.id = :id AND job.attempt = :attempt AND job.status = 'running'`, { id, attempt })
      .getOne();
  }

  async recordImportBatch(manager: EntityManager, id: string, batch: ImportBatchRecord): Promise<void> {
    const progress = batch.total === 0 ? 100 : Math.min(100, (100 * batch.processed) / batch.total);
    await manager.query(
      `UPDATE content.transfer_jobs
          SET rows_done = $2, processed = $3, total = $4, imported = imported + $5,
              skipped = skipped || $6::jsonb, progress = $7, heartbeat_at = now(), updated_at = now(),
              status = CASE WHEN $8 THEN 'done' ELSE status END,
              finished_at = CASE WHEN $8 THEN now() ELSE finished_at END
        WHERE id = $1`,
      [
        id,
        batch.rowsDone,
        batch.processed,
        batch.total,
        batch.imported,
        JSON.stringify(batch.skipped),
        batch.finished ? 100 : progress,
        batch.finished,
      ],
    );
  }

  async recordExportProgress(id: string, attempt: number, processed: number): Promise<void> {
    await this.jobs()
      .createQueryBuilder()
      .update()
      .set({ processed, heartbeatAt: () => 'now()', updatedAt: () => 'now()' })
      .where(`id = :id AND attempt = :attempt AND status = 'running'`, { id, attempt })
      .execute();
  }

  async finishExport(
    manager: EntityManager,
    id: string,
    processed: number,
    result: ExportResult,
  ): Promise<TransferJobEntity> {
    await this.jobs(manager).update(
      { id },
      {
        status: 'done',
        progress: 100,
        processed,
        total: processed,
        resultName: result.name,
        resultStorageKey: result.storageKey,
        resultSize: result.size,
        resultContentType: result.contentType,
        finishedAt: () => 'now()',
        updatedAt: () => 'now()',
      },
    );
    return this.jobs(manager).findOneByOrFail({ id });
  }

  async fail(manager: EntityManager, id: string, error: string): Promise<TransferJobEntity> {
    await this.jobs(manager).update(
      { id },
      { status: 'failed', error, finishedAt: () => 'now()', updatedAt: () => 'now()' },
    );
    return this.jobs(manager).findOneByOrFail({ id });
  }
}
