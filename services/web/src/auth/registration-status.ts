import type { Answer } from '../api/api-types';

/** `GET /api/v1/auth/registration`: whether sign-ups are open and whether no account exists yet. */
export type RegistrationStatus = Answer<'/api/v1/auth/registration'>;

export const REGISTRATION_STATUS_QUERY_KEY = ['auth', 'registration'] as const;

/** The answer if `body` has its shape (a server-side fetch gets untyped JSON). */
export function registrationStatusOf(body: unknown): RegistrationStatus | null {
  const status = body as Partial<RegistrationStatus> | null;
  if (typeof status?.open !== 'boolean' || typeof status.firstRun !== 'boolean') return null;
  return { open: status.open, firstRun: status.firstRun };
}
