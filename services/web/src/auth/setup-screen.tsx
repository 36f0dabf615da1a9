'use client';

import { ProblemAlert } from '../ui/problem-alert';
import { LoadingState } from '../ui/loading-state';
import { AccountForm } from './account-form';
import type { RegistrationStatus } from './registration-status';
import { useRedirectWhen } from './use-redirect-when';
import { useRegistrationStatus } from './use-registration-status';

/** First run only: the form appears once it is known that no account exists, so it never makes a plain user. */
export function SetupScreen({ statusFromServer }: { statusFromServer: RegistrationStatus | null }) {
  const { status, error, retry } = useRegistrationStatus(statusFromServer);
  useRedirectWhen(status?.firstRun === false, '/sign-in');

  return (
    <>
      <h1>Create the administrator account</h1>
      {status?.firstRun ? (
        <>
          <p className="intro muted">
            Tracera has no accounts yet. This first account administers it: it can create other accounts and
            manage who may sign in.
          </p>
          <AccountForm submitLabel="Create administrator" next={null} />
        </>
      ) : error ? (
        <ProblemAlert error={error} onRetry={retry} />
      ) : (
        <LoadingState label="Checking this installation" />
      )}
    </>
  );
}
