'use client';

import { useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useEffect, useId, useReducer, useRef, useState } from 'react';
import { useApi } from '../../api/api-context';
import { SEARCH_QUERY_KEY } from '../../search/search-queries';
import { problemOf } from '../../api/problem';
import { FormField } from '../../ui/form-field';
import { formatByteSize } from './byte-size';
import { FILES_QUERY_KEY } from './files-queries';
import { UploadCancelled, sendUpload } from './upload-request';
import {
  type UploadEvent,
  type UploadState,
  isUploadActive,
  nextUploadState,
  startedUpload,
  uploadPercent,
} from './upload-progress';
import { newIdempotencyKey } from '../../api/idempotency-key';

interface Upload {
  key: string;
  name: string;
  size: number;
  state: UploadState;
}

type UploadsAction =
  | { type: 'added'; upload: Upload }
  | { type: 'changed'; key: string; event: UploadEvent }
  | { type: 'dismissed'; key: string };

function uploadsReducer(uploads: Upload[], action: UploadsAction): Upload[] {
  switch (action.type) {
    case 'added':
      return [...uploads, action.upload];
    case 'changed':
      return uploads.map((upload) =>
        upload.key === action.key
          ? { ...upload, state: nextUploadState(upload.state, action.event) }
          : upload,
      );
    case 'dismissed':
      return uploads.filter((upload) => upload.key !== action.key);
  }
}

/**
 * Choose (or drop) files to upload, each with its own progress bar, cancel button and outcome; a refused
 * file (413: too large) shows the gateway's explanation on that file.
 */
export function FileUploader({ onUploaded }: { onUploaded: (name: string, fileId: string) => void }) {
  const { apiOrigin, onUnauthorized } = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const [uploads, dispatch] = useReducer(uploadsReducer, []);
  const [description, setDescription] = useState('');
  const [dragging, setDragging] = useState(false);
  const aborts = useRef(new Map<string, () => void>());
  const uploading = uploads.some((upload) => isUploadActive(upload.state));

  // Leaving the page ends its uploads: none carries on unseen with no way to cancel it.
  useEffect(() => {
    const inFlight = aborts.current;
    return () => {
      for (const abort of inFlight.values()) abort();
    };
  }, []);

  useEffect(() => {
    if (!uploading) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [uploading]);

  const start = (files: readonly File[]) => {
    for (const file of files) {
      const key = newIdempotencyKey();
      const change = (event: UploadEvent) => dispatch({ type: 'changed', key, event });
      const request = sendUpload({
        apiOrigin,
        file,
        description,
        onProgress: (loaded, total) => change({ type: 'progress', loaded, total }),
      });
      aborts.current.set(key, request.abort);
      dispatch({
        type: 'added',
        upload: { key, name: file.name, size: file.size, state: startedUpload(file.size) },
      });
      request.done
        .then((stored) => {
          change({ type: 'succeeded', fileId: stored.id });
          void queryClient.invalidateQueries({ queryKey: FILES_QUERY_KEY });
          void queryClient.invalidateQueries({ queryKey: SEARCH_QUERY_KEY });
          onUploaded(stored.name, stored.id);
        })
        .catch((error: unknown) => {
          if (error instanceof UploadCancelled) {
            change({ type: 'cancelled' });
            return;
          }
          const problem = problemOf(error);
          // The session ended mid-upload: sign in again, as any other request would.
          if (problem.status === 401) onUnauthorized();
          change({ type: 'failed', title: problem.title, detail: problem.detail });
        })
        .finally(() => aborts.current.delete(key));
    }
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    start([...event.dataTransfer.files]);
  };

  return (
    <section className="file-uploader card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Upload files</h2>
      <FormField label="Description" hint="Optional; applies to the files you choose next">
        <input
          value={description}
          maxLength={10_000}
          onChange={(event) => setDescription(event.target.value)}
        />
      </FormField>
      <div
        className="drop-zone"
        data-dragging={dragging ? 'true' : undefined}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <label htmlFor={`${id}-files`} className="field-label">
          Choose files
        </label>
        <input
          id={`${id}-files`}
          type="file"
          multiple
          onChange={(event) => {
            start([...(event.target.files ?? [])]);
            // Clearing lets the same file be chosen again after a failure.
            event.target.value = '';
          }}
        />
        <span className="muted">or drop them here. Each file starts uploading at once.</span>
      </div>
      {uploads.length > 0 && (
        <ul className="upload-list" aria-label="Uploads">
          {uploads.map((upload) => (
            <UploadRow
              key={upload.key}
              upload={upload}
              onCancel={() => aborts.current.get(upload.key)?.()}
              onDismiss={() => dispatch({ type: 'dismissed', key: upload.key })}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function UploadRow({
  upload,
  onCancel,
  onDismiss,
}: {
  upload: Upload;
  onCancel: () => void;
  onDismiss: () => void;
}) {
  const id = useId();
  const percent = uploadPercent(upload.state);
  const { state } = upload;
  return (
    <li className="upload-row" data-status={state.status}>
      <div className="upload-row-head">
        <span className="upload-name">{upload.name}</span>
        <span className="muted">{formatByteSize(upload.size)}</span>
      </div>
      {percent !== null && (
        <div className="upload-progress">
          <label htmlFor={`${id}-progress`} className="visually-hidden">
            Uploading {upload.name}
          </label>
          <progress id={`${id}-progress`} max={100} value={percent} />
          <span aria-hidden="true">{percent}%</span>
        </div>
      )}
      <div role="status" className="upload-outcome">
        {state.status === 'done' && <span className="upload-done">Uploaded</span>}
        {state.status === 'cancelled' && <span className="muted">Cancelled</span>}
      </div>
      {state.status === 'failed' && (
        <div className="alert" role="alert">
          <strong>{state.title}</strong>
          {state.detail !== state.title && <div>{state.detail}</div>}
        </div>
      )}
      {isUploadActive(state) ? (
        <button type="button" onClick={onCancel} aria-label={`Cancel upload of ${upload.name}`}>
          Cancel
        </button>
      ) : (
        <button type="button" className="link" onClick={onDismiss} aria-label={`Dismiss ${upload.name}`}>
          Dismiss
        </button>
      )}
    </li>
  );
}
