'use client';

import { FormField } from '../ui/form-field';
import { ACCOUNT_FIELD_LABELS, type AccountField, type AccountFormValues } from './account-fields';
import { type FieldErrors } from './form-errors';

/**
 * The four account fields (email, username, display name, password) of registration and of an admin adding
 * someone. Only a person's own account lets the browser fill and remember them; an admin's form does not.
 */
export function AccountFieldInputs({
  values,
  errors,
  onChange,
  hints,
  ownAccount,
}: {
  values: AccountFormValues;
  errors: FieldErrors<AccountField>;
  onChange: (field: AccountField, value: string) => void;
  hints: { username?: string; displayName: string; password: string };
  ownAccount: boolean;
}) {
  const autoComplete = (own: string) => (ownAccount ? own : 'off');
  return (
    <>
      <FormField label={ACCOUNT_FIELD_LABELS.email} error={errors.email}>
        <input
          type="email"
          name="email"
          autoComplete={autoComplete('email')}
          required
          value={values.email}
          onChange={(event) => onChange('email', event.target.value)}
        />
      </FormField>
      <FormField label={ACCOUNT_FIELD_LABELS.username} hint={hints.username} error={errors.username}>
        <input
          name="username"
          autoComplete={autoComplete('username')}
          autoCapitalize="none"
          spellCheck={false}
          required
          value={values.username}
          onChange={(event) => onChange('username', event.target.value)}
        />
      </FormField>
      <FormField label={ACCOUNT_FIELD_LABELS.displayName} hint={hints.displayName} error={errors.displayName}>
        <input
          name="displayName"
          autoComplete={autoComplete('nickname')}
          value={values.displayName}
          onChange={(event) => onChange('displayName', event.target.value)}
        />
      </FormField>
      <FormField label={ACCOUNT_FIELD_LABELS.password} hint={hints.password} error={errors.password}>
        <input
          type="password"
          name="password"
          autoComplete="new-password"
          required
          value={values.password}
          onChange={(event) => onChange('password', event.target.value)}
        />
      </FormField>
    </>
  );
}
