'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import { FormField } from '../../ui/form-field';
import { ProblemAlert } from '../../ui/problem-alert';
import { JobStatus } from './job-status';
import { EXPORT_FORMATS, type ExportFormat, formatByteSize } from './transfer-formats';
import { isJobGone } from './job-polling';
import { type TransferJob, useJob } from './use-job';
import { newIdempotencyKey } from '../../api/idempotency-key';

/** Everything in one file → POST /exports, then a download link once the job is done. */
export function ExportPanel() {
  const { api } = useApi();
  const [format, setFormat] = useState<ExportFormat>('netscape');
  const [job, setJob] = useState<TransferJob | null>(null);
  const start = useMutation({
    mutationFn: ({ chosenFormat, key }: { chosenFormat: ExportFormat; key: string }) =>
      unwrap(
        api.POST('/api/v1/exports', {
          params: { header: { 'Idempotency-Key': key } },
          body: { format: chosenFormat },
        }),
      ),
    onSuccess: ({ job: started }) => setJob(started),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setJob(null);
    start.mutate({ chosenFormat: format, key: newIdempotencyKey() });
  };

  return (
    <section className="card settings-section" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <p className="muted">A copy of your data to keep or to take elsewhere.</p>
      <form onSubmit={submit} noValidate>
        <FormField label="Export format">
          <select value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)}>
            {EXPORT_FORMATS.map((each) => (
              <option key={each.format} value={each.format}>
                {each.label}
              </option>
            ))}
          </select>
        </FormField>
        <ProblemAlert error={start.error} />
        <button type="submit" className="primary" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Export'}
        </button>
      </form>
      {job && <ExportProgress key={job.id} started={job} />}
    </section>
  );
}

function ExportProgress({ started }: { started: TransferJob }) {
  const { apiOrigin } = useApi();
  const job = useJob('export', started);
  const download = job.data.download;
  return (
    <div className="job-result">
      <h3>Latest export</h3>
      {job.error && <ProblemAlert error={job.error} onRetry={() => void job.refetch()} />}
      {/* A job the server no longer knows has no progress left to show: only its problem above. */}
      {!isJobGone(job.error) && (
        <JobStatus
          job={job.data}
          label="Export"
          done={
            <p>
              <a
                className="button primary"
                href={`${apiOrigin}/api/v1/exports/${encodeURIComponent(job.data.id)}/download`}
              >
                Download {download?.name ?? 'the export'}
              </a>{' '}
              {download && <span className="muted">{formatByteSize(download.size)}</span>}
            </p>
          }
        />
      )}
    </div>
  );
}
