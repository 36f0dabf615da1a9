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

/** A conversation the caller is not in looks exactly like one that does not exist. */
export function notFound(kind: string): RpcError {
  return new RpcError('NOT_FOUND', `no such ${kind}`);
}

/** A member whose role does not allow the change. */
export function forbidden(message: string): RpcError {
  return new RpcError('FORBIDDEN', message);
}
