'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import type { RegistrationStatus } from './registration-status';
import { SignInForm } from './sign-in-form';
import { useRedirectWhen } from './use-redirect-when';
import { useRegistrationStatus } from './use-registration-status';

export function SignInScreen({
  statusFromServer,
  askWhetherSignedIn,
  next,
  reason,
}: {
  statusFromServer: RegistrationStatus | null;
  /** The server could not see the session cookie (API on another origin), so the browser asks. */
  askWhetherSignedIn: boolean;
  next: string | null;
  /** Why the app sent the person here, when it did. */
  reason: 'revoked' | 'expired' | null;
}) {
  const { api } = useApi();
  const { status } = useRegistrationStatus(statusFromServer);
  // Someone still signed in has nothing to do here (a 401 is the expected answer otherwise, not an error).
  const me = useQuery({
    // Its own key and no cache: a user left in memory from before must never count as signed in.
    queryKey: ['auth', 'me', 'sign-in-probe'],
    gcTime: 0,
    queryFn: async () => (await unwrap(api.GET('/api/v1/auth/me'))).user,
    retry: false,
    enabled: askWhetherSignedIn,
  });
  useRedirectWhen(status?.firstRun === true, '/setup');
  useRedirectWhen(me.isSuccess, next ?? '/dashboard');

  return (
    <>
      <h1>Sign in</h1>
      {reason === 'revoked' && (
        <div className="alert info" role="alert">
          You were signed out: this session was revoked on another device.
        </div>
      )}
      {reason === 'expired' && (
        <div className="alert info" role="alert">
          Your session has ended. Please sign in again.
        </div>
      )}
      <SignInForm next={next} />
      {status?.open && (
        <p className="auth-links">
          New to Tracera?{' '}
          <Link href={next ? `/register?next=${encodeURIComponent(next)}` : '/register'}>
            Create an account
          </Link>
        </p>
      )}
    </>
  );
}
