import { RpcError } from '@tracera/streams';

export interface FieldProblem {
  field: string;
  message: string;
}

/** A 422 naming the fields the domain refused, in the shape the gateway turns into problem+json `errors`. */
export function validationFailed(errors: FieldProblem[]): RpcError {
  const summary = errors.map((error) => `${error.field} ${error.message}`).join('; ');
  return new RpcError('VALIDATION', summary, { errors });
}

/** Missing and somebody else's look the same, so ids of other users' items reveal nothing. */
export function notFound(kind: string): RpcError {
  return new RpcError('NOT_FOUND', `no such ${kind}`);
}

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
