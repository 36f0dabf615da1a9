import type { Schemas } from '../../api/api-types';
import { ApiProblem } from '../../api/problem';
import { newIdempotencyKey } from '../../api/idempotency-key';

export type StoredFile = Schemas['FileDto_Output']['file'];

export interface UploadRequest {
  /** The stored file's metadata; rejects with an {@link ApiProblem}, or an {@link UploadCancelled} after `abort`. */
  done: Promise<StoredFile>;
  abort: () => void;
}

/** The person cancelled the upload; not a failure to report. */
export class UploadCancelled extends Error {
  constructor() {
    super('The upload was cancelled');
    this.name = 'UploadCancelled';
  }
}

/**
 * POSTs one file as multipart (`description` first, then `file`: the gateway streams the file part, so fields
 * after it are not seen). XMLHttpRequest because fetch reports no upload progress; the cookie goes along.
 */
export function sendUpload({
  apiOrigin,
  file,
  description,
  onProgress,
}: {
  apiOrigin: string;
  file: File;
  description: string;
  onProgress: (loaded: number, total: number) => void;
}): UploadRequest {
  const request = new XMLHttpRequest();
  const done = new Promise<StoredFile>((resolve, reject) => {
    request.open('POST', `${apiOrigin}/api/v1/files`);
    request.withCredentials = true;
    request.responseType = 'json';
    request.setRequestHeader('Idempotency-Key', newIdempotencyKey());
    request.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      const body: unknown = request.response;
      if (request.status === 201 || request.status === 200) {
        resolve((body as Schemas['FileDto_Output']).file);
        return;
      }
      // getAllResponseHeaders lists only the exposed ones; getResponseHeader would log an error for the rest.
      const headers = new Headers();
      for (const line of request
        .getAllResponseHeaders()
        .trim()
        .split(/[\r\n]+/)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      }
      reject(ApiProblem.fromResponse(new Response(null, { status: request.status, headers }), body));
    };
    request.onerror = () => reject(ApiProblem.unreachable(new Error('The upload connection failed')));
    request.onabort = () => reject(new UploadCancelled());
    const form = new FormData();
    if (description.trim()) form.append('description', description.trim());
    form.append('file', file, file.name);
    request.send(form);
  });
  return { done, abort: () => request.abort() };
}
