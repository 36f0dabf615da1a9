import type { Metadata } from 'next';
import { UsersSettings } from '../../../../settings/users/users-settings';

export const metadata: Metadata = { title: 'Users' };

export default function UsersSettingsPage() {
  return <UsersSettings />;
}
