/** Another runner holds the job now (this one was presumed dead); this runner's work must not commit. */
export class TransferJobLostError extends Error {
  constructor(readonly jobId: string) {
    super(`transfer job ${jobId} is no longer held by this runner`);
    this.name = 'TransferJobLostError';
  }
}
