import { RpcError } from './rpc-error';

/** One refused field, in the shape the gateway turns into problem+json `errors`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A 422 naming the fields the domain refused. */
export function validationFailed(errors: FieldProblem[]): RpcError {
  const summary = errors.map((error) => `${error.field} ${error.message}`).join('; ');
  return new RpcError('VALIDATION', summary, { errors });
}

/** Missing and somebody else's look the same, so ids of other users' things reveal nothing. */
export function notFound(kind: string): RpcError {
  return new RpcError('NOT_FOUND', `no such ${kind}`);
}

/** The caller may see the thing but lacks the role for this change. */
export function forbidden(message: string): RpcError {
  return new RpcError('FORBIDDEN', message);
}

/** The change cannot apply to the thing as it is now (e.g. editing a deleted message). */
export function conflict(message: string): RpcError {
  return new RpcError('CONFLICT', message);
}
