import { isUploadActive, nextUploadState, startedUpload, uploadPercent } from './upload-progress';

describe('upload progress', () => {
  it('starts at zero percent', () => {
    const state = startedUpload(2000);
    expect(state).toEqual({ status: 'uploading', loaded: 0, total: 2000 });
    expect(uploadPercent(state)).toBe(0);
    expect(isUploadActive(state)).toBe(true);
  });

  it('follows progress and never goes backwards or beyond the total', () => {
    let state = nextUploadState(startedUpload(2000), { type: 'progress', loaded: 1000, total: 2000 });
    expect(uploadPercent(state)).toBe(50);
    state = nextUploadState(state, { type: 'progress', loaded: 400, total: 2000 });
    expect(uploadPercent(state)).toBe(50);
    state = nextUploadState(state, { type: 'progress', loaded: 5000, total: 2000 });
    expect(uploadPercent(state)).toBe(100);
  });

  it('ends done with the file id, at 100 percent', () => {
    const state = nextUploadState(startedUpload(10), { type: 'succeeded', fileId: 'f1' });
    expect(state).toEqual({ status: 'done', fileId: 'f1' });
    expect(uploadPercent(state)).toBe(100);
    expect(isUploadActive(state)).toBe(false);
  });

  it('keeps the problem of a refused upload', () => {
    const state = nextUploadState(startedUpload(10), {
      type: 'failed',
      title: 'Too large',
      detail: 'The file is over the 25 MB limit.',
    });
    expect(state).toEqual({
      status: 'failed',
      title: 'Too large',
      detail: 'The file is over the 25 MB limit.',
    });
    expect(uploadPercent(state)).toBeNull();
  });

  it('ignores events after a terminal state', () => {
    const cancelled = nextUploadState(startedUpload(10), { type: 'cancelled' });
    expect(nextUploadState(cancelled, { type: 'progress', loaded: 5, total: 10 })).toBe(cancelled);
    expect(nextUploadState(cancelled, { type: 'succeeded', fileId: 'f1' })).toBe(cancelled);
    const done = nextUploadState(startedUpload(10), { type: 'succeeded', fileId: 'f1' });
    expect(nextUploadState(done, { type: 'cancelled' })).toBe(done);
  });

  it('shows zero percent for an empty file still uploading', () => {
    expect(uploadPercent(startedUpload(0))).toBe(0);
  });
});
