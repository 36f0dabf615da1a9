import { RpcException } from '@nestjs/microservices';

/** Every error code an RPC reply can carry, with the HTTP status the gateway maps it to. */
export const RPC_ERROR_STATUS = {
  /** The request failed its contract schema (at the caller or the server). */
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** An update or delete made against a version that is no longer current (`If-Match`). */
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Well-formed but refused by the domain (e.g. a due date in the past). */
  VALIDATION: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** The server knows no handler for the pattern. */
  NOT_IMPLEMENTED: 501,
  /** The reply failed the response schema: the serving side broke its contract. */
  INVALID_RESPONSE: 502,
  /** The request could not be sent (Redis down, client closing) or the server cannot serve it now. */
  UNAVAILABLE: 503,
  RPC_TIMEOUT: 504,
} as const;

export type RpcErrorCode = keyof typeof RPC_ERROR_STATUS;

/** The error part of a reply on the wire. */
export interface RpcErrorBody {
  code: RpcErrorCode;
  message: string;
  details?: unknown;
}

const GENERIC_INTERNAL_MESSAGE = 'internal error';

function isRpcErrorCode(code: unknown): code is RpcErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(RPC_ERROR_STATUS, code);
}

/**
 * A failure an RPC handler reports to its caller, and what the caller receives for a failed call. It extends
 * Nest's RpcException (and is its own `getError()`) so Nest's exception filter hands it to the transport
 * unchanged instead of replacing it with "Internal server error".
 */
export class RpcError extends RpcException {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  /** HTTP status the gateway answers with. */
  get status(): number {
    return RPC_ERROR_STATUS[this.code];
  }

  override getError(): RpcError {
    return this;
  }

  toBody(): RpcErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  /** Rebuilds the error a reply carries; an unknown code (a newer peer) counts as INTERNAL. */
  static fromBody(body: unknown): RpcError {
    const candidate = (body ?? {}) as Partial<Record<keyof RpcErrorBody, unknown>>;
    const message = typeof candidate.message === 'string' ? candidate.message : GENERIC_INTERNAL_MESSAGE;
    if (!isRpcErrorCode(candidate.code)) return new RpcError('INTERNAL', message, { code: candidate.code });
    return candidate.code === 'RPC_TIMEOUT'
      ? new RpcTimeoutError(message)
      : new RpcError(candidate.code, message, candidate.details);
  }

  /**
   * What a handler's failure becomes on the wire: an RpcError as it is; anything else INTERNAL with a
   * generic message, so no stack, SQL or internal detail reaches the caller (the server logs it).
   */
  static from(error: unknown): RpcError {
    if (error instanceof RpcError) return error;
    return new RpcError('INTERNAL', GENERIC_INTERNAL_MESSAGE);
  }
}

/** No reply arrived in time: the server is down, overloaded, or the reply was lost. */
export class RpcTimeoutError extends RpcError {
  constructor(message: string, details?: unknown) {
    super('RPC_TIMEOUT', message, details);
    this.name = 'RpcTimeoutError';
  }
}
