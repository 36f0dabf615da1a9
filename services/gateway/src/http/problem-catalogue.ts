/** Where every problem `type` lives; the URIs are identifiers clients may switch on, not pages that must resolve. */
export const PROBLEM_TYPE_BASE = 'https://tracera.dev/problems/';

/** Every kind of problem the API answers with: its HTTP status and its fixed, human-readable title. */
export const PROBLEM_CATALOGUE = {
  'validation-failed': { status: 400, title: 'The request does not match its schema' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'precondition-failed': { status: 412, title: 'The resource has changed' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'unprocessable-content': { status: 422, title: 'The request breaks a rule of the domain' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  'not-implemented': { status: 501, title: 'Not implemented' },
  'bad-gateway': { status: 502, title: 'An internal service answered incorrectly' },
  'service-unavailable': { status: 503, title: 'Service unavailable' },
  'upstream-timeout': { status: 504, title: 'An internal service did not answer in time' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemKind = keyof typeof PROBLEM_CATALOGUE;

export function problemTypeUri(kind: ProblemKind): string {
  return `${PROBLEM_TYPE_BASE}${kind}`;
}

const KIND_BY_STATUS = new Map<number, ProblemKind>(
  (Object.entries(PROBLEM_CATALOGUE) as [ProblemKind, { status: number }][])
    // The first kind listed for a status is its default (validation-failed, not malformed-json, for 400).
    .reverse()
    .map(([kind, { status }]) => [status, kind]),
);

/** The catalogue kind for an HTTP status; statuses outside it fall back to the nearest class. */
export function problemKindForStatus(status: number): ProblemKind {
  const kind = KIND_BY_STATUS.get(status);
  if (kind) return kind;
  return status >= 500 ? 'internal' : 'validation-failed';
}
