/** The session store could not be asked: authentication fails closed, as 503 `service-unavailable`. */
export class SessionsUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super(
      'Sessions cannot be checked right now because the session store (Redis) is unavailable; try again shortly.',
    );
    this.name = 'SessionsUnavailableError';
  }
}
