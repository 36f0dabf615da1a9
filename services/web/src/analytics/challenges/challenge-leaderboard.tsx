'use client';

import { useEffect, useRef, useState } from 'react';
import { useLiveEvent } from '../../live/live-socket';
import { personName } from '../../session/person-name';
import { useSession } from '../../session/session-context';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { type Leaderboard, useLeaderboard, useRefreshChallenge } from './challenge-queries';
import { leaderboardAnnouncement } from './challenge-standing';

/** `challenge:completed` (libs/contracts analytics.events): sent to the person who reached a target. */
interface ChallengeCompletedEvent {
  userId: string;
  challengeId: string;
  title: string;
  target: number;
  score: number;
  completedAt: string;
}

/**
 * The ranking around the person, refreshed every few seconds and at once when they complete the
 * challenge; their own row is highlighted and moves in the ranking are announced politely.
 */
export function ChallengeLeaderboard({ challengeId }: { challengeId: string }) {
  const { user } = useSession();
  const leaderboard = useLeaderboard(challengeId);
  const refresh = useRefreshChallenge();
  const [announcement, setAnnouncement] = useState('');
  const previous = useRef<Leaderboard | undefined>(undefined);

  useLiveEvent<ChallengeCompletedEvent>('challenge:completed', (event) => {
    if (event.challengeId !== challengeId) return;
    setAnnouncement(`You completed ${event.title} with ${event.score} of ${event.target}!`);
    void refresh(challengeId);
  });

  useEffect(() => {
    if (!leaderboard.data) return;
    const message = leaderboardAnnouncement(previous.current, leaderboard.data, user.id);
    previous.current = leaderboard.data;
    if (message) setAnnouncement(message);
  }, [leaderboard.data, user.id]);

  return (
    <section className="card" aria-labelledby="leaderboard-heading">
      <h2 id="leaderboard-heading">Leaderboard</h2>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      {leaderboard.isPending ? (
        <LoadingState label="Loading the leaderboard" />
      ) : leaderboard.isError && !leaderboard.data ? (
        <ProblemAlert error={leaderboard.error} onRetry={() => void leaderboard.refetch()} />
      ) : leaderboard.data.items.length === 0 ? (
        <p className="muted">Nobody takes part yet.</p>
      ) : (
        <>
          <p className="muted">
            {leaderboard.data.me
              ? `You are ranked ${leaderboard.data.me.rank} of ${leaderboard.data.total}.`
              : `${leaderboard.data.total} taking part; join to get a rank.`}
          </p>
          <table className="leaderboard">
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  Rank
                </th>
                <th scope="col">Person</th>
                <th scope="col" className="numeric">
                  Score
                </th>
              </tr>
            </thead>
            <tbody>
              {leaderboard.data.items.map((entry) => {
                const isMe = entry.userId === user.id;
                return (
                  <tr
                    key={entry.userId}
                    className={isMe ? 'is-me' : undefined}
                    aria-current={isMe ? 'true' : undefined}
                  >
                    <td className="numeric">{entry.rank}</td>
                    <th scope="row">
                      {personName(entry)}
                      {isMe && ' (you)'}
                      {entry.completed && (
                        <>
                          {' '}
                          <span className="status-badge active">Completed</span>
                        </>
                      )}
                    </th>
                    <td className="numeric">{entry.score}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {leaderboard.isError && (
            <ProblemAlert error={leaderboard.error} onRetry={() => void leaderboard.refetch()} />
          )}
        </>
      )}
    </section>
  );
}
