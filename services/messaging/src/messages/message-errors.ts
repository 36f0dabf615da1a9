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

/** A conversation the caller is not a member of looks exactly like one that does not exist. */
export function notFound(kind: 'conversation' | 'message'): RpcError {
  return new RpcError('NOT_FOUND', `no such ${kind}`);
}

export function forbidden(message: string): RpcError {
  return new RpcError('FORBIDDEN', message);
}

export function conflict(message: string): RpcError {
  return new RpcError('CONFLICT', message);
}
