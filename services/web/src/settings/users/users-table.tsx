'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import type { Answer } from '../../api/api-types';
import { personName } from '../../session/person-name';
import { useSession } from '../../session/session-context';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { ConfirmButton } from '../../ui/confirm-button';
import { ADMIN_USERS_QUERY_KEY } from '../settings-query-keys';
import { TimeLabel } from '../../ui/time-label';

type AdminUser = Answer<'/api/v1/admin/users'>['items'][number];
type AccessChange = { role: 'admin' | 'user' } | { disabled: boolean };

const PAGE_SIZE = 50;

/** Every account with its role and state; administrators promote, demote, disable and re-enable. */
export function UsersTable() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  const [announcement, setAnnouncement] = useState('');
  const users = useInfiniteQuery({
    queryKey: ADMIN_USERS_QUERY_KEY,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/admin/users', { params: { query: { limit: PAGE_SIZE, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const onChanged = (message: string) => {
    setAnnouncement(message);
    void queryClient.invalidateQueries({ queryKey: ADMIN_USERS_QUERY_KEY });
  };

  return (
    <section className="card settings-section" aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      {users.isPending && <LoadingState label="Loading users" />}
      {users.error && <ProblemAlert error={users.error} onRetry={() => void users.refetch()} />}
      {users.data && (
        <div className="table-scroll">
          <table className="settings-table stacked-table">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.pages.flatMap((page) =>
                page.items.map((user) => <UserRow key={user.id} user={user} onChanged={onChanged} />),
              )}
            </tbody>
          </table>
        </div>
      )}
      {users.hasNextPage && (
        <button type="button" onClick={() => void users.fetchNextPage()} disabled={users.isFetchingNextPage}>
          {users.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
    </section>
  );
}

function UserRow({ user, onChanged }: { user: AdminUser; onChanged: (message: string) => void }) {
  const { api } = useApi();
  const { user: me } = useSession();
  const isMe = user.id === me.id;
  const update = useMutation({
    mutationFn: (change: AccessChange) =>
      unwrap(api.PATCH('/api/v1/admin/users/{id}', { params: { path: { id: user.id } }, body: change })),
    onSuccess: (_answer, change) => onChanged(describeChange(user.username, change)),
  });
  const name = user.username;
  return (
    <tr className={user.disabled ? 'disabled-user' : undefined}>
      <td>
        <strong>{personName(user)}</strong>
        {isMe && <span className="muted"> (you)</span>}
        <div className="muted">
          @{name} · {user.email}
        </div>
        <ProblemAlert error={update.error} />
      </td>
      <td data-label="Role">{user.role === 'admin' ? 'Administrator' : 'User'}</td>
      <td data-label="State">
        {user.disabled ? (
          <span className="badge neutral">Disabled</span>
        ) : (
          <span className="muted">Active</span>
        )}
      </td>
      <td data-label="Last sign-in">
        <TimeLabel value={user.lastLoginAt} empty="never" />
      </td>
      <td>
        {isMe ? (
          <span className="muted">Another administrator can change your access.</span>
        ) : (
          <div className="button-row">
            {user.role === 'admin' ? (
              <ConfirmButton
                layout="panel"
                label="Make user"
                ariaLabel={`Make ${name} a regular user`}
                confirmLabel="Remove admin rights"
                question={`${name} will no longer manage users or use admin routes.`}
                pending={update.isPending}
                onConfirm={() => update.mutate({ role: 'user' })}
              />
            ) : (
              <ConfirmButton
                layout="panel"
                label="Make admin"
                ariaLabel={`Make ${name} an administrator`}
                confirmLabel="Make administrator"
                tone="primary"
                question={`${name} will be able to add, change and disable every account, yours included.`}
                pending={update.isPending}
                onConfirm={() => update.mutate({ role: 'admin' })}
              />
            )}
            {user.disabled ? (
              <ConfirmButton
                layout="panel"
                label="Enable"
                ariaLabel={`Enable ${name}`}
                confirmLabel="Enable account"
                tone="primary"
                question={`${name} can sign in again. Their old sessions and API tokens stay revoked.`}
                pending={update.isPending}
                onConfirm={() => update.mutate({ disabled: false })}
              />
            ) : (
              <ConfirmButton
                layout="panel"
                label="Disable"
                ariaLabel={`Disable ${name}`}
                confirmLabel="Disable account"
                question={`${name} is signed out everywhere and every API token of theirs is revoked at once; they cannot sign in until an administrator enables the account again.`}
                pending={update.isPending}
                onConfirm={() => update.mutate({ disabled: true })}
              />
            )}
          </div>
        )}
      </td>
    </tr>
  );
}

function describeChange(name: string, change: AccessChange): string {
  if ('role' in change)
    return change.role === 'admin' ? `${name} is now an administrator.` : `${name} is now a user.`;
  return change.disabled ? `${name} was disabled.` : `${name} was enabled.`;
}
