import { type Logger } from '@nestjs/common';
import { type SocketProblem } from '@tracera/contracts';
import { ZodValidationException } from 'nestjs-zod';
import { type z } from 'zod';
import { PROBLEM_CATALOGUE, problemTypeUri, type ProblemKind } from '../http/problem-catalogue';
import { problemForError } from '../http/problem-for-error';

/** A refused client → server event: the same problem fields a REST error carries. */
export interface FailedAck {
  ok: false;
  error: SocketProblem;
}

/** What every acknowledgement is: `{ok: true, ...}` or `{ok: false, error}`. */
export type SocketAck<T extends object = object> = ({ ok: true } & T) | FailedAck;

function failed(kind: ProblemKind, detail: string, extra: Partial<SocketProblem> = {}): FailedAck {
  const { status, title } = PROBLEM_CATALOGUE[kind];
  return { ok: false, error: { type: problemTypeUri(kind), title, status, detail, ...extra } };
}

/**
 * The error acknowledgement for anything a handler threw, built by the same mapping as the REST problem
 * filter so a refusal reads the same over both. Our own faults are logged, never shown.
 */
export function errorAck(error: unknown, logger: Logger, event: string): FailedAck {
  const mapped = problemForError(error);
  if (mapped.unexpected) logger.error({ err: error, event }, 'socket event failed');
  else if (mapped.status >= 500)
    logger.warn({ err: error, event }, `answered ${mapped.status} (${mapped.kind})`);
  return failed(mapped.kind, mapped.detail, {
    status: mapped.status,
    ...(mapped.errors === undefined ? {} : { errors: mapped.errors }),
  });
}

/** The payload did not match the event's schema: 400 naming each offending field; nothing was done. */
export function invalidPayloadAck(error: z.ZodError): FailedAck {
  const mapped = problemForError(new ZodValidationException(error));
  return failed(mapped.kind, mapped.detail, mapped.errors === undefined ? {} : { errors: mapped.errors });
}

/** The socket's send budget is spent; `retryAfterMs` says when one more send will be accepted. */
export function rateLimitedAck(detail: string, retryAfterMs: number): FailedAck {
  return failed('rate-limited', detail, { retryAfterMs });
}

/** A personal API token without the scope the event needs (the same rule as REST writes). */
export function forbiddenAck(detail: string): FailedAck {
  return failed('forbidden', detail);
}

/** Not in that conversation's room: answered like a conversation that does not exist. */
export function notFoundAck(detail: string): FailedAck {
  return failed('not-found', detail);
}
