'use client';

import { PasswordForm } from './password-form';
import { SessionsList } from './sessions-list';

export function SecuritySettings() {
  return (
    <>
      <PasswordForm />
      <SessionsList />
    </>
  );
}
