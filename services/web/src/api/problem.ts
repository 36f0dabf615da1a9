/** One failing field of a refused request, as the gateway names it (`errors[]` of problem+json). */
export interface ProblemField {
  field: string;
  message: string;
}

interface ProblemBody {
  type?: unknown;
  title?: unknown;
  status?: unknown;
  detail?: unknown;
  errors?: unknown;
  requestId?: unknown;
}

/**
 * A refused or failed request, from the gateway's RFC 9457 body when it sent one. `detail` is what the
 * person reads; `type` is the stable identifier code may branch on; `errors` names the failing fields.
 */
export class ApiProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly ProblemField[];
  readonly requestId: string | undefined;
  /** Seconds from `Retry-After`, when the gateway throttled the request. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    type?: string;
    title?: string;
    detail?: string;
    errors?: readonly ProblemField[];
    requestId?: string;
    retryAfterSeconds?: number;
  }) {
    const title = init.title ?? defaultTitle(init.status);
    super(init.detail ?? title);
    this.name = 'ApiProblem';
    this.status = init.status;
    this.type = init.type ?? 'about:blank';
    this.title = title;
    this.detail = init.detail ?? title;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** From an answer that was not 2xx; a body that is not problem+json still yields a readable message. */
  static fromResponse(response: Response, body: unknown): ApiProblem {
    const problem: ProblemBody = typeof body === 'object' && body !== null ? body : {};
    const retryAfter = Number(response.headers.get('retry-after'));
    return new ApiProblem({
      status: response.status,
      type: typeof problem.type === 'string' ? problem.type : undefined,
      title: typeof problem.title === 'string' ? problem.title : undefined,
      detail: typeof problem.detail === 'string' ? problem.detail : undefined,
      errors: Array.isArray(problem.errors) ? problem.errors.filter(isProblemField) : undefined,
      requestId: typeof problem.requestId === 'string' ? problem.requestId : undefined,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    });
  }

  /** The request never got an answer (gateway down, network gone). */
  static unreachable(cause: unknown): ApiProblem {
    const problem = new ApiProblem({
      status: 0,
      type: 'tracera:unreachable',
      title: 'Tracera cannot be reached',
      detail: 'The server could not be reached. Check your connection and try again.',
    });
    problem.cause = cause;
    return problem;
  }

  /** The message for one field, when the gateway named it (`body.url` and `url` both match `url`). */
  messageFor(field: string): string | undefined {
    return this.errors.find((error) => error.field === field || error.field.endsWith(`.${field}`))?.message;
  }
}

function isProblemField(value: unknown): value is ProblemField {
  const field = value as Partial<ProblemField> | null;
  return typeof field?.field === 'string' && typeof field.message === 'string';
}

function defaultTitle(status: number): string {
  if (status === 401) return 'Please sign in';
  if (status === 403) return 'Not allowed';
  if (status === 404) return 'Not found';
  if (status === 412) return 'Changed elsewhere';
  if (status === 413) return 'Too large';
  if (status === 429) return 'Too many requests';
  if (status >= 500) return 'Something went wrong on the server';
  return 'The request was refused';
}

/** Whatever was thrown, as something a person can read. */
export function problemOf(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return new ApiProblem({
    status: 0,
    type: 'tracera:client-error',
    detail: error instanceof Error ? error.message : 'Something went wrong.',
  });
}
