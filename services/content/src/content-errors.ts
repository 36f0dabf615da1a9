import { RpcError } from '@tracera/streams';

/** The change was made against an older version (`If-Match`); the client reloads and retries. */
export function staleVersion(currentVersion: number): RpcError {
  return new RpcError('PRECONDITION_FAILED', `the item changed: it is at version ${currentVersion}`, {
    currentVersion,
  });
}

/** Throws {@link staleVersion} when the caller named a version and it is not the current one. */
export function assertVersion(expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current) throw staleVersion(current);
}
