import 'server-only';
import { internalApiUrl } from '../app/runtime-config';
import { type RegistrationStatus, registrationStatusOf } from './registration-status';

/** Long enough to spare the gateway's per-IP limit (every page view comes from this server's address). */
const SETTLED_ANSWER_TTL_MS = 30_000;
const TIMEOUT_MS = 3_000;

let settled: { status: RegistrationStatus; until: number } | undefined;

/**
 * Asked by the signed-out pages on the server, so the first-run redirect happens before anything renders.
 * Null when the gateway cannot answer: the page then asks from the browser instead. A first run is never
 * remembered, so the set-up page stops being offered as soon as the administrator exists.
 */
export async function fetchRegistrationStatus(): Promise<RegistrationStatus | null> {
  if (settled && settled.until > Date.now()) return settled.status;
  try {
    const response = await fetch(`${internalApiUrl()}/api/v1/auth/registration`, {
      cache: 'no-store',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) return null;
    const status = registrationStatusOf(await response.json());
    if (status && !status.firstRun) settled = { status, until: Date.now() + SETTLED_ANSWER_TTL_MS };
    return status;
  } catch {
    return null;
  }
}
