import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { fetchRegistrationStatus } from '../../../auth/registration-status-server';
import { SetupScreen } from '../../../auth/setup-screen';

export const metadata: Metadata = { title: 'Set up Tracera' };

export default async function SetupPage() {
  const status = await fetchRegistrationStatus();
  if (status && !status.firstRun) redirect('/sign-in');
  return <SetupScreen statusFromServer={status} />;
}
