'use client';

import { useEffect } from 'react';
import { useDateFormat } from '../../ui/use-date-format';
import { useApi } from '../../api/api-context';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { ConfirmButton } from '../../ui/confirm-button';
import { focusAfterRemoval } from '../../ui/focus-after-removal';
import { formatByteSize } from './byte-size';
import { useDeleteFile, useFiles } from './files-queries';
import type { StoredFile } from './upload-request';

// Focus lands on the list's heading when a delete removes the focused row.
const FILES_HEADING_ID = 'files-heading';

/** The person's files, newest first, each with a download link; `highlightedId` is a deep link's target. */
export function FileList({
  highlightedId,
  onDeleted,
}: {
  highlightedId: string | null;
  onDeleted: (name: string) => void;
}) {
  const files = useFiles();
  const loaded = files.data?.pages.flatMap((page) => page.items) ?? [];

  useEffect(() => {
    if (highlightedId && files.isSuccess) {
      document.getElementById(`file-${highlightedId}`)?.scrollIntoView({ block: 'center' });
    }
  }, [highlightedId, files.isSuccess]);

  if (files.isPending) return <LoadingState label="Loading files" />;
  if (!files.data) return <ProblemAlert error={files.error} onRetry={() => void files.refetch()} />;
  return (
    <section aria-labelledby={FILES_HEADING_ID}>
      <h2 id={FILES_HEADING_ID} tabIndex={-1}>
        Your files
      </h2>
      {loaded.length === 0 ? (
        <p className="muted">No files yet. Upload one above.</p>
      ) : (
        <ul className="file-list">
          {loaded.map((file) => (
            <FileRow
              key={file.id}
              file={file}
              highlighted={file.id === highlightedId}
              onDeleted={onDeleted}
            />
          ))}
        </ul>
      )}
      {files.hasNextPage && (
        <button type="button" disabled={files.isFetchingNextPage} onClick={() => void files.fetchNextPage()}>
          {files.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
      <ProblemAlert error={files.error} />
    </section>
  );
}

function FileRow({
  file,
  highlighted,
  onDeleted,
}: {
  file: StoredFile;
  highlighted: boolean;
  onDeleted: (name: string) => void;
}) {
  const { apiOrigin } = useApi();
  const format = useDateFormat();
  const remove = useDeleteFile();
  return (
    <li id={`file-${file.id}`} className="file-row" data-highlighted={highlighted ? 'true' : undefined}>
      <div className="file-main">
        <a
          className="file-name"
          href={`${apiOrigin}/api/v1/files/${encodeURIComponent(file.id)}/content`}
          download={file.name}
        >
          {file.name}
        </a>
        {file.description && <span className="file-description">{file.description}</span>}
      </div>
      <dl className="file-facts">
        <div>
          <dt>Size</dt>
          <dd>
            <data value={file.size}>{formatByteSize(file.size)}</data>
          </dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{file.contentType || 'unknown'}</dd>
        </div>
        <div>
          <dt>Uploaded</dt>
          <dd>
            <time dateTime={file.createdAt}>{format.dateTime(file.createdAt)}</time>
          </dd>
        </div>
      </dl>
      <div className="file-actions">
        <ConfirmButton
          label="Delete"
          ariaLabel={`Delete file ${file.name}`}
          question="Delete this file?"
          confirmLabel="Yes, delete"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          onConfirm={() =>
            remove.mutate(file, {
              onSuccess: () => {
                onDeleted(file.name);
                focusAfterRemoval(FILES_HEADING_ID, `file-${file.id}`);
              },
            })
          }
        />
      </div>
      <div className="file-error">
        <ProblemAlert error={remove.error} />
      </div>
    </li>
  );
}
