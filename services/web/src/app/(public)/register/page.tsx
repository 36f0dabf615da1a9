import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { RegisterScreen } from '../../../auth/register-screen';
import { fetchRegistrationStatus } from '../../../auth/registration-status-server';
import { safeNextPath } from '../../../auth/safe-next-path';

export const metadata: Metadata = { title: 'Create your account' };

export default async function RegisterPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const status = await fetchRegistrationStatus();
  if (status?.firstRun) redirect('/setup');
  const { next } = await searchParams;
  return <RegisterScreen statusFromServer={status} next={safeNextPath(next)} />;
}
