'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import { focusFirstInvalidField } from '../../auth/focus-first-invalid-field';
import { PASSWORD_MIN_LENGTH } from '../../forms/account-fields';
import { type FieldErrors, fieldErrorsFromProblem, hasErrors } from '../../forms/form-errors';
import { FormField } from '../../ui/form-field';
import { ProblemAlert } from '../../ui/problem-alert';
import { SESSIONS_QUERY_KEY } from '../settings-query-keys';
import {
  checkPasswordChange,
  type PasswordChangeField,
  type PasswordChangeValues,
} from './password-change-checks';

const EMPTY: PasswordChangeValues = { currentPassword: '', newPassword: '', confirmPassword: '' };
const LABELS: Record<PasswordChangeField, string> = {
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'Confirm new password',
};
const SERVER_FIELDS: readonly PasswordChangeField[] = ['currentPassword', 'newPassword'];

/** Current + new + confirmation → POST /auth/password; the server signs out every other session. */
export function PasswordForm() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<PasswordChangeValues>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<PasswordChangeField>>({});
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      unwrap(api.POST('/api/v1/auth/password', { body })),
    onSuccess: () => {
      setValues(EMPTY);
      void queryClient.invalidateQueries({ queryKey: SESSIONS_QUERY_KEY });
    },
    onError: (error) => {
      setErrors(fieldErrorsFromProblem(error, SERVER_FIELDS, LABELS));
      focusFirstInvalidField(formRef.current);
    },
  });
  // Problems naming a field are shown under it; the rest (throttling, server trouble) above the button.
  const namesNoField = !hasErrors(fieldErrorsFromProblem(change.error, SERVER_FIELDS));
  const set = (field: PasswordChangeField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
    if (change.isSuccess) change.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkPasswordChange(values);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstInvalidField(formRef.current);
      return;
    }
    change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
  };

  return (
    <section className="card settings-section" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <form ref={formRef} onSubmit={submit} noValidate>
        <FormField label={LABELS.currentPassword} error={errors.currentPassword}>
          <input
            type="password"
            autoComplete="current-password"
            value={values.currentPassword}
            onChange={(event) => set('currentPassword', event.target.value)}
          />
        </FormField>
        <FormField
          label={LABELS.newPassword}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters; a few unrelated words make a strong one.`}
          error={errors.newPassword}
        >
          <input
            type="password"
            autoComplete="new-password"
            value={values.newPassword}
            onChange={(event) => set('newPassword', event.target.value)}
          />
        </FormField>
        <FormField label={LABELS.confirmPassword} error={errors.confirmPassword}>
          <input
            type="password"
            autoComplete="new-password"
            value={values.confirmPassword}
            onChange={(event) => set('confirmPassword', event.target.value)}
          />
        </FormField>
        {change.isError && namesNoField && <ProblemAlert error={change.error} />}
        <div className="button-row">
          <button type="submit" className="primary" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
        </div>
        <p role="status" className="success-note">
          {change.isSuccess
            ? 'Password changed. Every other session has been signed out; this one stays signed in.'
            : ''}
        </p>
      </form>
    </section>
  );
}
