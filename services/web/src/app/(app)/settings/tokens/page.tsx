import type { Metadata } from 'next';
import { ApiTokensSettings } from '../../../../settings/tokens/api-tokens-settings';

export const metadata: Metadata = { title: 'API tokens' };

export default function ApiTokensSettingsPage() {
  return <ApiTokensSettings />;
}
