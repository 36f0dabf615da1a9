'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import { type FieldErrors, fieldErrorsFromProblem } from '../../forms/form-errors';
import { FormField } from '../../ui/form-field';
import { ProblemAlert } from '../../ui/problem-alert';
import { JobStatus } from './job-status';
import { guessImportFormat, IMPORT_FORMATS, type ImportFormat } from './transfer-formats';
import { isJobGone } from './job-polling';
import { type TransferJob, useJob } from './use-job';
import { newIdempotencyKey } from '../../api/idempotency-key';

type ImportField = 'file' | 'format';
const IMPORT_FIELDS: readonly ImportField[] = ['file', 'format'];

/** A bookmarks file from a browser or Pocket → POST /imports, then the job's progress and report. */
export function ImportPanel() {
  const { api } = useApi();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('netscape');
  const [errors, setErrors] = useState<FieldErrors<ImportField>>({});
  const [job, setJob] = useState<TransferJob | null>(null);
  const start = useMutation({
    mutationFn: ({ chosen, chosenFormat, key }: { chosen: File; chosenFormat: ImportFormat; key: string }) =>
      unwrap(
        api.POST('/api/v1/imports', {
          params: { header: { 'Idempotency-Key': key } },
          body: { format: chosenFormat, file: chosen.name },
          // The gateway reads `format` before the file streams in, so it must come first.
          bodySerializer: () => {
            const form = new FormData();
            form.append('format', chosenFormat);
            form.append('file', chosen);
            return form;
          },
        }),
      ),
    onSuccess: ({ job: started }) => setJob(started),
    onError: (error) => setErrors(fieldErrorsFromProblem(error, IMPORT_FIELDS)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setErrors({ file: 'Choose the file to import.' });
      return;
    }
    setErrors({});
    setJob(null);
    start.mutate({ chosen: file, chosenFormat: format, key: newIdempotencyKey() });
  };
  const accept = IMPORT_FORMATS.find((each) => each.format === format)?.accept;

  return (
    <section className="card settings-section" aria-labelledby="import-heading">
      <h2 id="import-heading">Import bookmarks</h2>
      <p className="muted">
        Export your bookmarks from a browser (as HTML) or from Pocket (as CSV), then import the file here.
        Bookmarks you already have are skipped.
      </p>
      <form onSubmit={submit} noValidate>
        <FormField label="Format" error={errors.format}>
          <select value={format} onChange={(event) => setFormat(event.target.value as ImportFormat)}>
            {IMPORT_FORMATS.map((each) => (
              <option key={each.format} value={each.format}>
                {each.label}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label="File" error={errors.file}>
          <input
            type="file"
            accept={accept}
            onChange={(event) => {
              const chosen = event.target.files?.[0] ?? null;
              setFile(chosen);
              setErrors({});
              const guessed = chosen ? guessImportFormat(chosen.name) : null;
              if (guessed) setFormat(guessed);
            }}
          />
        </FormField>
        <ProblemAlert error={start.error} />
        <button type="submit" className="primary" disabled={start.isPending}>
          {start.isPending ? 'Uploading…' : 'Import'}
        </button>
      </form>
      {job && <ImportProgress key={job.id} started={job} />}
    </section>
  );
}

function ImportProgress({ started }: { started: TransferJob }) {
  const queryClient = useQueryClient();
  const job = useJob('import', started);
  const finished = job.data.status === 'done';
  useEffect(() => {
    // New bookmarks, tags and collections touch nearly every list and count: let them all refetch.
    if (finished) void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'jobs' });
  }, [finished, queryClient]);
  return (
    <div className="job-result">
      <h3>Latest import</h3>
      {job.error && <ProblemAlert error={job.error} onRetry={() => void job.refetch()} />}
      {/* A job the server no longer knows has no progress left to show: only its problem above. */}
      {!isJobGone(job.error) && (
        <JobStatus job={job.data} label="Import" done={<ImportReport report={job.data.report} />} />
      )}
    </div>
  );
}

function ImportReport({ report }: { report: TransferJob['report'] }) {
  const { imported, skipped } = report;
  return (
    <div>
      <p>
        <strong>
          {imported} {imported === 1 ? 'bookmark' : 'bookmarks'} imported
        </strong>
        {skipped.length > 0 ? `, ${skipped.length} skipped.` : '.'}
      </p>
      {skipped.length > 0 && (
        <div className="table-scroll">
          <table className="settings-table">
            <caption className="visually-hidden">Skipped lines</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Why it was skipped</th>
              </tr>
            </thead>
            <tbody>
              {skipped.map((entry) => (
                <tr key={`${entry.line}-${entry.reason}`}>
                  <td>{entry.line}</td>
                  <td>{entry.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
