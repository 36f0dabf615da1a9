'use client';

import { useSession } from '../../session/session-context';
import { CreateUserForm } from './create-user-form';
import { UsersTable } from './users-table';

/** Administrators only; the gateway refuses everyone else anyway (403), this just says so up front. */
export function UsersSettings() {
  const { user } = useSession();
  if (user.role !== 'admin') {
    return (
      <section className="card settings-section" aria-labelledby="users-heading">
        <h2 id="users-heading">Users</h2>
        <p>Only administrators can manage users.</p>
      </section>
    );
  }
  return (
    <>
      <UsersTable />
      <CreateUserForm />
    </>
  );
}
