/** Socket-level failures: the server is not there (yet), or the connection to it broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** SQLSTATEs meaning "the server cannot serve you right now", as opposed to "your statement is wrong". */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '53300', // too_many_connections
]);

/** Messages pg and TypeORM use for the same conditions without a code. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /driver not connected/i,
  /connection is not (yet )?established/i,
  /client has encountered a connection error/i,
  /postgres is not connected/i,
];

function* causeChain(error: unknown): Generator<unknown> {
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    yield current;
    const next = current as { driverError?: unknown; cause?: unknown };
    // TypeORM's QueryFailedError keeps pg's error in `driverError`; other wrappers use `cause`.
    current = next.driverError ?? next.cause;
  }
}

/** The inner errors of an AggregateError; duck-typed, as errors from Node's own realm fail `instanceof` in jest. */
function innerErrors(error: unknown): unknown[] {
  const errors = (error as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? errors : [];
}

/**
 * True when `error` means Postgres is unreachable or refusing connections (a 503), false when the
 * query itself failed (a constraint, a syntax error, a bug). Looks through TypeORM and `cause` wrappers.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  for (const candidate of causeChain(error)) {
    const { code, message } = candidate as { code?: unknown; message?: unknown };
    if (
      typeof code === 'string' &&
      (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))
    ) {
      return true;
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)))
      return true;
    if (innerErrors(candidate).some(isDatabaseUnavailableError)) return true;
  }
  return false;
}

/** `user@host:port/database` for log lines: the URL without its password. */
export function describeDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return `${user}${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** A short, log-safe description of any thrown value. */
export function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  // Node reports a refused dual-stack connect as an AggregateError with an empty message.
  if (message === '' && innerErrors(error).length > 0) return innerErrors(error).map(errorMessage).join('; ');
  if (typeof message === 'string' && message !== '') return message;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : String(error);
}

/**
 * The name of the unique constraint (or index) `error` violated, '' when Postgres named none; undefined when
 * `error` is not a unique violation. Looks through TypeORM and `cause` wrappers.
 */
export function uniqueViolationOf(error: unknown): string | undefined {
  for (const candidate of causeChain(error)) {
    const { code, constraint } = candidate as { code?: unknown; constraint?: unknown };
    if (code === '23505') return typeof constraint === 'string' ? constraint : '';
  }
  return undefined;
}
