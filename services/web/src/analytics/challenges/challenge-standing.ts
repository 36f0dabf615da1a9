import type { ChallengeMetric } from './challenge-form';
import { personName } from '../../session/person-name';

export const CHALLENGE_METRIC_LABELS: Record<ChallengeMetric, string> = {
  tasks_completed: 'Tasks completed',
  bookmarks_saved: 'Bookmarks saved',
  notes_created: 'Notes created',
};

/** How far a score is towards the target, 0–100, whole percent (a score past the target stays at 100). */
export function progressPercent(score: number, target: number): number {
  if (target <= 0) return 100;
  return Math.min(100, Math.max(0, Math.floor((score / target) * 100)));
}

interface Standing {
  items: readonly { userId: string; displayName: string; username: string; rank: number }[];
  me: { rank: number; score: number } | null;
}

/**
 * What changed between two refreshes of a leaderboard that is worth saying aloud: the person's own rank,
 * and a new leader. Null when nothing did (or on the first load, which the page itself shows).
 */
export function leaderboardAnnouncement(
  previous: Standing | undefined,
  next: Standing,
  myUserId: string,
): string | null {
  if (previous === undefined) return null;
  const messages: string[] = [];
  const before = previous.me?.rank;
  const after = next.me?.rank;
  if (after !== undefined && before === undefined) messages.push(`You are ranked ${after}.`);
  else if (after !== undefined && before !== undefined && after < before) {
    messages.push(`You moved up to rank ${after}.`);
  } else if (after !== undefined && before !== undefined && after > before) {
    messages.push(`You moved down to rank ${after}.`);
  }
  const oldLeader = previous.items.find((entry) => entry.rank === 1);
  const newLeader = next.items.find((entry) => entry.rank === 1);
  if (newLeader && oldLeader && newLeader.userId !== oldLeader.userId) {
    messages.push(
      newLeader.userId === myUserId ? 'You took the lead.' : `${personName(newLeader)} took the lead.`,
    );
  }
  return messages.length > 0 ? messages.join(' ') : null;
}
