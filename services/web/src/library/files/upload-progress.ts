/** Where one file's upload stands; the terminal states ignore anything that arrives after them. */
export type UploadState =
  | { status: 'uploading'; loaded: number; total: number }
  | { status: 'done'; fileId: string }
  | { status: 'failed'; title: string; detail: string }
  | { status: 'cancelled' };

export type UploadEvent =
  | { type: 'progress'; loaded: number; total: number }
  | { type: 'succeeded'; fileId: string }
  | { type: 'failed'; title: string; detail: string }
  | { type: 'cancelled' };

export function startedUpload(total: number): UploadState {
  return { status: 'uploading', loaded: 0, total };
}

export function nextUploadState(state: UploadState, event: UploadEvent): UploadState {
  // A late progress event or abort after the answer must not undo the answer.
  if (state.status !== 'uploading') return state;
  switch (event.type) {
    case 'progress':
      return {
        status: 'uploading',
        loaded: Math.max(state.loaded, Math.min(event.loaded, event.total)),
        total: event.total,
      };
    case 'succeeded':
      return { status: 'done', fileId: event.fileId };
    case 'failed':
      return { status: 'failed', title: event.title, detail: event.detail };
    case 'cancelled':
      return { status: 'cancelled' };
  }
}

/** Whole percent sent, for the progress bar's label; 100 once done, null when nothing is moving. */
export function uploadPercent(state: UploadState): number | null {
  if (state.status === 'done') return 100;
  if (state.status !== 'uploading') return null;
  if (state.total <= 0) return 0;
  return Math.floor((state.loaded / state.total) * 100);
}

export function isUploadActive(state: UploadState): boolean {
  return state.status === 'uploading';
}
