import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { fetchRegistrationStatus } from '../../../auth/registration-status-server';
import { safeNextPath } from '../../../auth/safe-next-path';
import { sessionOnServer } from '../../../auth/session-check-server';
import { SignInScreen } from '../../../auth/sign-in-screen';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [status, session, query] = await Promise.all([
    fetchRegistrationStatus(),
    sessionOnServer(),
    searchParams,
  ]);
  if (status?.firstRun) redirect('/setup');
  const next = safeNextPath(query.next);
  if (session === 'signed-in') redirect(next ?? '/dashboard');
  return (
    <SignInScreen
      statusFromServer={status}
      askWhetherSignedIn={session === 'unknown'}
      next={next}
      reason={query.reason === 'revoked' || query.reason === 'expired' ? query.reason : null}
    />
  );
}
