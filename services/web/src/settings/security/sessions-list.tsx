'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import type { Answer } from '../../api/api-types';
import { useSession } from '../../session/session-context';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { ConfirmButton } from '../../ui/confirm-button';
import { SESSIONS_QUERY_KEY } from '../settings-query-keys';
import { TimeLabel } from '../../ui/time-label';
import { summarizeUserAgent } from './user-agent-summary';

type SignInSession = Answer<'/api/v1/auth/sessions'>['items'][number];

/** Sessions end elsewhere too (another tab, an admin); the list follows without a reload. */
const SESSIONS_REFRESH_MS = 15_000;

/** Where this account is signed in; revoke one, or sign out everywhere (this browser included). */
export function SessionsList() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  const { signedOut } = useSession();
  const [announcement, setAnnouncement] = useState('');
  const sessions = useQuery({
    queryKey: SESSIONS_QUERY_KEY,
    queryFn: async () => (await unwrap(api.GET('/api/v1/auth/sessions'))).items,
    refetchInterval: SESSIONS_REFRESH_MS,
    refetchOnWindowFocus: 'always',
  });
  const signOutEverywhere = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/auth/sessions')),
    onSuccess: () => signedOut('signed-out'),
  });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const onRevoked = async (label: string) => {
    setAnnouncement(`Session from ${label} revoked.`);
    await queryClient.invalidateQueries({ queryKey: SESSIONS_QUERY_KEY });
    // The revoked row (and its focused button) leaves the list: keep keyboard users here, not on <body>.
    headingRef.current?.focus();
  };

  return (
    <section className="card settings-section" aria-labelledby="sessions-heading">
      <div className="section-header">
        <h2 id="sessions-heading" ref={headingRef} tabIndex={-1}>
          Sessions
        </h2>
        {sessions.isFetching && !sessions.isPending && <span className="spinner" aria-hidden="true" />}
      </div>
      <p className="muted">
        Browsers and devices signed in to your account. Revoke any you do not recognise.
      </p>
      {sessions.isPending && <LoadingState label="Loading sessions" />}
      {sessions.error && <ProblemAlert error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {sessions.data && (
        <ul className="settings-list" aria-label="Signed-in sessions">
          {sessions.data.map((session) => (
            <SessionItem key={session.id} session={session} onRevoked={onRevoked} />
          ))}
        </ul>
      )}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      <h3>Everywhere</h3>
      <ProblemAlert error={signOutEverywhere.error} />
      <ConfirmButton
        layout="panel"
        label="Sign out everywhere"
        confirmLabel="Yes, sign out everywhere"
        question="Every session ends, this one too: you will need to sign in again on each device."
        pending={signOutEverywhere.isPending}
        onConfirm={() => signOutEverywhere.mutate()}
      />
    </section>
  );
}

function SessionItem({
  session,
  onRevoked,
}: {
  session: SignInSession;
  onRevoked: (label: string) => Promise<void>;
}) {
  const { api } = useApi();
  const device = summarizeUserAgent(session.userAgent);
  const revoke = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id: session.id } } })),
    // Returned, so the button stays pending until the list no longer holds this session.
    onSuccess: () => onRevoked(device.label),
  });
  return (
    <li>
      <div className="session-summary">
        <div className="item-title">
          <span title={session.userAgent ?? undefined}>{device.label}</span>
          {session.current && <span className="badge">This session</span>}
        </div>
        {session.userAgent && (
          <div className="user-agent-raw muted" title={session.userAgent}>
            {session.userAgent}
          </div>
        )}
        <dl className="item-details">
          <div>
            <dt>IP</dt>
            <dd>{session.ip ?? 'unknown'}</dd>
          </div>
          <div>
            <dt>Signed in</dt>
            <dd>
              <TimeLabel value={session.createdAt} />
            </dd>
          </div>
          <div>
            <dt>Last active</dt>
            <dd>
              <TimeLabel value={session.lastActiveAt} />
            </dd>
          </div>
          <div>
            <dt>Expires</dt>
            <dd>
              <TimeLabel value={session.expiresAt} />
            </dd>
          </div>
        </dl>
        <ProblemAlert error={revoke.error} />
      </div>
      {!session.current && (
        <button
          type="button"
          className="danger"
          aria-label={`Revoke session from ${device.label}`}
          disabled={revoke.isPending}
          onClick={() => revoke.mutate()}
        >
          {revoke.isPending ? 'Revoking…' : 'Revoke'}
        </button>
      )}
    </li>
  );
}
