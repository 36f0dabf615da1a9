'use client';

import Link from 'next/link';
import { ProblemAlert } from '../ui/problem-alert';
import { LoadingState } from '../ui/loading-state';
import { AccountForm } from './account-form';
import type { RegistrationStatus } from './registration-status';
import { useRedirectWhen } from './use-redirect-when';
import { useRegistrationStatus } from './use-registration-status';

export function RegisterScreen({
  statusFromServer,
  next,
}: {
  statusFromServer: RegistrationStatus | null;
  next: string | null;
}) {
  const { status, error, retry } = useRegistrationStatus(statusFromServer);
  useRedirectWhen(status?.firstRun === true, '/setup');
  const signInHref = next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';

  if (status && !status.open) {
    return (
      <>
        <h1>Sign-ups are closed</h1>
        <p className="intro">
          This Tracera does not take new registrations. An administrator can create an account for you.
        </p>
        <p className="auth-links">
          <Link href={signInHref}>Sign in</Link> if you already have an account.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Create your account</h1>
      {status ? (
        <AccountForm submitLabel="Create account" next={next} />
      ) : error ? (
        <ProblemAlert error={error} onRetry={retry} />
      ) : (
        <LoadingState label="Checking whether sign-ups are open" />
      )}
      <p className="auth-links">
        Already have an account? <Link href={signInHref}>Sign in</Link>
      </p>
    </>
  );
}
