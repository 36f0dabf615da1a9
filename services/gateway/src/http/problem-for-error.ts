import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailableError } from '@tracera/db';
import { isRedisUnavailableError } from '@tracera/redis';
import { RpcError } from '@tracera/streams';
import { ZodSerializationException, ZodValidationException } from 'nestjs-zod';
import { type $ZodIssue } from 'zod/v4/core';
import { SessionsUnavailableError } from '../auth/sessions-unavailable.error';
import { RateLimitedException } from '../rate-limit/rate-limited.exception';
import { MalformedJsonBodyError } from './json-body-parser';
import { PROBLEM_CATALOGUE, problemKindForStatus, type ProblemKind } from './problem-catalogue';
import { fieldProblemSchema, type FieldProblem } from './problem-details';

/** What the filter answers for one error, before the per-request members (`instance`, `requestId`) are added. */
export interface ProblemForError {
  kind: ProblemKind;
  status: number;
  detail: string;
  errors?: FieldProblem[];
  code?: string;
  /** Response headers the problem needs (`Retry-After` and `RateLimit-*` on 429). */
  headers?: Record<string, string>;
  /** True when the error is ours, not the client's: the real message goes to the log, never to the client. */
  unexpected: boolean;
}

function problem(kind: ProblemKind, detail: string, extra: Partial<ProblemForError> = {}): ProblemForError {
  return { kind, status: PROBLEM_CATALOGUE[kind].status, detail, unexpected: false, ...extra };
}

const UNEXPECTED = problem(
  'internal',
  'Something went wrong on our side; quote the requestId when reporting it.',
  {
    unexpected: true,
  },
);

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** One entry per offending field; an unknown-keys issue names each unknown key rather than their parent. */
export function fieldProblemsOf(issues: readonly $ZodIssue[]): FieldProblem[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: fieldPath([...issue.path, key]),
          message: 'is not an allowed field',
        }))
      : [{ field: fieldPath(issue.path) || '(root)', message: issue.message }],
  );
}

function fromRpcError(error: RpcError): ProblemForError {
  const kind = problemKindForStatus(error.status);
  if (error.status >= 500) {
    // Services' 5xx messages describe their internals; the client gets the catalogue's wording.
    const detail =
      kind === 'upstream-timeout'
        ? 'An internal service did not answer in time; try again.'
        : kind === 'service-unavailable'
          ? 'A service this request needs is unavailable; try again shortly.'
          : UNEXPECTED.detail;
    return problem(kind, detail, { status: error.status, code: error.code, unexpected: kind === 'internal' });
  }
  const fieldErrors = fieldProblemSchema
    .array()
    .safeParse((error.details as { errors?: unknown } | undefined)?.errors);
  return problem(kind, error.message, {
    status: error.status,
    code: error.code,
    ...(fieldErrors.success ? { errors: fieldErrors.data } : {}),
  });
}

function fromHttpException(exception: HttpException): ProblemForError {
  const status = exception.getStatus();
  const kind = problemKindForStatus(status);
  if (status >= 500) {
    return problem(kind, UNEXPECTED.detail, { status, unexpected: kind === 'internal' });
  }
  // Fastify's own client errors (415, 413, bad URL…) reach us as HttpExceptions carrying Fastify's message.
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const detail =
    typeof message === 'string'
      ? message
      : Array.isArray(message)
        ? message.map((part) => String(part)).join('; ')
        : exception.message;
  return problem(kind, detail, { status });
}

/**
 * Maps anything a request can throw to the problem the client sees.
 *
 * Status rule: a body, query or route parameter that does not match its declared schema (malformed JSON,
 * missing field, wrong type, unknown field, too long, bad format) is 400; 422 is kept for requests that are
 * schema-valid but that a service refuses on domain grounds (RpcError VALIDATION).
 */
export function problemForError(error: unknown): ProblemForError {
  if (error instanceof ZodValidationException) {
    const zodError = error.getZodError() as { issues?: $ZodIssue[] };
    return problem('validation-failed', 'Some fields are missing or invalid; see errors.', {
      errors: fieldProblemsOf(zodError.issues ?? []),
    });
  }
  if (error instanceof ZodSerializationException) return UNEXPECTED;
  if (error instanceof RateLimitedException) {
    return problem('rate-limited', error.message, { headers: error.headers });
  }
  if (error instanceof SessionsUnavailableError) return problem('service-unavailable', error.message);
  if (error instanceof RpcError) return fromRpcError(error);
  if (error instanceof HttpException) return fromHttpException(error);
  if (isRedisUnavailableError(error)) {
    return problem(
      'service-unavailable',
      'A data store this request needs (Redis) is unavailable; try again shortly.',
    );
  }
  if (isDatabaseUnavailableError(error)) {
    return problem(
      'service-unavailable',
      'A data store this request needs is unavailable; try again shortly.',
    );
  }
  if (error instanceof MalformedJsonBodyError) return problem('malformed-json', error.message);
  return UNEXPECTED;
}
