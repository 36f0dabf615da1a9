import type { Metadata } from 'next';
import { DataSettings } from '../../../../settings/data/data-settings';

export const metadata: Metadata = { title: 'Import & export' };

export default function DataSettingsPage() {
  return <DataSettings />;
}
