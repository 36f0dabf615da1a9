import { RpcError } from '@tracera/streams';

/** The one answer for every failed sign-in: unknown account, wrong password or disabled user alike. */
export function invalidLogin(): RpcError {
  return new RpcError('UNAUTHENTICATED', 'invalid login or password');
}

/** A 422 naming the fields the domain refused, in the shape the gateway turns into problem+json `errors`. */
export function validationFailed(errors: { field: string; message: string }[]): RpcError {
  const summary = errors.map((error) => `${error.field} ${error.message}`).join('; ');
  return new RpcError('VALIDATION', summary, { errors });
}

export function notAnAdmin(): RpcError {
  return new RpcError('FORBIDDEN', 'only admins may do this');
}
