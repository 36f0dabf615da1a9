'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import type { Answer } from '../../api/api-types';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { ConfirmButton } from '../../ui/confirm-button';
import { API_TOKENS_QUERY_KEY } from '../settings-query-keys';
import { TimeLabel } from '../../ui/time-label';
import { CreateTokenForm, type CreatedToken } from './create-token-form';
import { CreatedTokenPanel } from './created-token-panel';

type ApiToken = Answer<'/api/v1/auth/tokens'>['items'][number];

/** Personal API tokens for scripts: create (secret shown once), list, revoke. */
export function ApiTokensSettings() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  // The secret lives only here, never in the query cache; dismissing the panel drops it.
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const listHeadingRef = useRef<HTMLHeadingElement>(null);
  const tokens = useQuery({
    queryKey: API_TOKENS_QUERY_KEY,
    queryFn: async () => (await unwrap(api.GET('/api/v1/auth/tokens'))).items,
  });

  return (
    <>
      <section className="card settings-section" aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">New API token</h2>
        <p className="muted">
          Scripts and other apps send a token as <code>Authorization: Bearer …</code> to act as you, within
          the scopes you choose.
        </p>
        {created ? (
          <CreatedTokenPanel created={created} onDismiss={() => setCreated(null)} />
        ) : (
          <CreateTokenForm
            onCreated={(token) => {
              setCreated(token);
              void queryClient.invalidateQueries({ queryKey: API_TOKENS_QUERY_KEY });
            }}
          />
        )}
      </section>
      <section className="card settings-section" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading" ref={listHeadingRef} tabIndex={-1}>
          Your API tokens
        </h2>
        {tokens.isPending && <LoadingState label="Loading tokens" />}
        {tokens.error && <ProblemAlert error={tokens.error} onRetry={() => void tokens.refetch()} />}
        {tokens.data?.length === 0 && <p className="muted">No tokens yet.</p>}
        {tokens.data && tokens.data.length > 0 && (
          <ul className="settings-list" aria-label="API tokens">
            {tokens.data.map((token) => (
              <TokenItem
                key={token.id}
                token={token}
                onRevoked={async () => {
                  setAnnouncement(`Token ${token.name} revoked.`);
                  await queryClient.invalidateQueries({ queryKey: API_TOKENS_QUERY_KEY });
                  // The revoked row (and its focused button) is gone: keep keyboard users in the list.
                  listHeadingRef.current?.focus();
                }}
              />
            ))}
          </ul>
        )}
        <p role="status" className="visually-hidden">
          {announcement}
        </p>
      </section>
    </>
  );
}

function TokenItem({ token, onRevoked }: { token: ApiToken; onRevoked: () => Promise<void> }) {
  const { api } = useApi();
  const revoke = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/auth/tokens/{id}', { params: { path: { id: token.id } } })),
    // Returned, so the confirm stays pending until the list no longer holds this token.
    onSuccess: onRevoked,
  });
  return (
    <li>
      <div className="session-summary">
        <div className="item-title">
          <span>{token.name}</span>
          {token.scopes.map((scope) => (
            <span key={scope} className="tag">
              {scope}
            </span>
          ))}
        </div>
        <dl className="item-details">
          <div>
            <dt>Created</dt>
            <dd>
              <TimeLabel value={token.createdAt} />
            </dd>
          </div>
          <div>
            <dt>Last used</dt>
            <dd>
              <TimeLabel value={token.lastUsedAt} empty="never" />
            </dd>
          </div>
          <div>
            <dt>Expires</dt>
            <dd>
              <TimeLabel value={token.expiresAt} empty="never" />
            </dd>
          </div>
        </dl>
        <ProblemAlert error={revoke.error} />
      </div>
      <ConfirmButton
        layout="panel"
        label="Revoke"
        ariaLabel={`Revoke token ${token.name}`}
        confirmLabel="Revoke token"
        question={`Anything using “${token.name}” stops working at once.`}
        pending={revoke.isPending}
        onConfirm={() => revoke.mutate()}
      />
    </li>
  );
}
