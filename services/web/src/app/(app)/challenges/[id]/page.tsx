import type { Metadata } from 'next';
import { ChallengeDetail } from '../../../../analytics/challenges/challenge-detail';

// The server does not know the challenge's title; ChallengeDetail names the tab once it has loaded.
export const metadata: Metadata = { title: 'Challenge' };

export default async function ChallengePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ChallengeDetail id={id} />;
}
