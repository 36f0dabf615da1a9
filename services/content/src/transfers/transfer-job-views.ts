import { type JobView } from '@tracera/contracts';
import { type TransferJobEntity } from './transfer-job.entity';

export function toJobView(job: TransferJobEntity): JobView {
  const finishedExport =
    job.kind === 'export' && job.status === 'done' && job.resultName !== null && job.resultSize !== null;
  return {
    id: job.id,
    kind: job.kind,
    format: job.format,
    status: job.status,
    progress: Math.round(job.progress * 10) / 10,
    processed: job.processed,
    total: job.total,
    // Batches append in file order, but parser problems and importer skips of one batch interleave.
    report: { imported: job.imported, skipped: [...job.skipped].sort((a, b) => a.line - b.line) },
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    download: finishedExport
      ? {
          name: job.resultName!,
          size: job.resultSize!,
          contentType: job.resultContentType ?? 'application/octet-stream',
        }
      : null,
  };
}
