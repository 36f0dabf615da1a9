'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import { focusFirstInvalidField } from '../../auth/focus-first-invalid-field';
import {
  ACCOUNT_FIELD_LABELS,
  ACCOUNT_FIELDS,
  type AccountField,
  type AccountFormValues,
  accountRequestBody,
  EMPTY_ACCOUNT_FORM,
  PASSWORD_MIN_LENGTH,
  validateAccountForm,
} from '../../forms/account-fields';
import { type FieldErrors, fieldErrorsFromProblem, hasErrors } from '../../forms/form-errors';
import { FormField } from '../../ui/form-field';
import { AccountFieldInputs } from '../../forms/account-field-inputs';
import { ProblemAlert } from '../../ui/problem-alert';
import { ADMIN_USERS_QUERY_KEY } from '../settings-query-keys';
import { newIdempotencyKey } from '../../api/idempotency-key';

type Role = 'admin' | 'user';
type NewUserField = AccountField | 'role';

const LABELS: Record<NewUserField, string> = { ...ACCOUNT_FIELD_LABELS, role: 'Role' };
const FORM_FIELDS: readonly NewUserField[] = [...ACCOUNT_FIELDS, 'role'];

type NewUserBody = ReturnType<typeof accountRequestBody> & { role: Role };

/**
 * An administrator adds an account (e.g. while sign-ups are closed) → POST /admin/users. The same fields and
 * rules as registration, plus the role.
 */
export function CreateUserForm() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<AccountFormValues>(EMPTY_ACCOUNT_FORM);
  const [role, setRole] = useState<Role>('user');
  const [errors, setErrors] = useState<FieldErrors<NewUserField>>({});
  const [createdName, setCreatedName] = useState('');
  const create = useMutation({
    mutationFn: ({ body, key }: { body: NewUserBody; key: string }) =>
      unwrap(api.POST('/api/v1/admin/users', { body, headers: { 'Idempotency-Key': key } })),
    onSuccess: ({ user }) => {
      setCreatedName(user.username);
      setValues(EMPTY_ACCOUNT_FORM);
      setRole('user');
      void queryClient.invalidateQueries({ queryKey: ADMIN_USERS_QUERY_KEY });
    },
    onError: (error) => {
      setErrors(fieldErrorsFromProblem(error, FORM_FIELDS, LABELS));
      focusFirstInvalidField(formRef.current);
    },
  });
  const namesNoField = !hasErrors(fieldErrorsFromProblem(create.error, FORM_FIELDS));
  const set = (field: AccountField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
    setCreatedName('');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateAccountForm(values);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstInvalidField(formRef.current);
      return;
    }
    create.mutate({ body: { ...accountRequestBody(values), role }, key: newIdempotencyKey() });
  };

  return (
    <section className="card settings-section" aria-labelledby="new-user-heading">
      <h2 id="new-user-heading">Add a user</h2>
      <form ref={formRef} onSubmit={submit} noValidate>
        <AccountFieldInputs
          values={values}
          errors={errors}
          onChange={set}
          ownAccount={false}
          hints={{
            displayName: 'Optional; the username is used when empty.',
            password: `At least ${PASSWORD_MIN_LENGTH} characters. Ask them to change it after signing in.`,
          }}
        />
        <FormField label={LABELS.role} error={errors.role}>
          <select
            value={role}
            onChange={(event) => setRole(event.target.value === 'admin' ? 'admin' : 'user')}
          >
            <option value="user">User</option>
            <option value="admin">Administrator</option>
          </select>
        </FormField>
        {create.isError && namesNoField && <ProblemAlert error={create.error} />}
        <div className="button-row">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add user'}
          </button>
          <span role="status" className="success-note">
            {createdName ? `${createdName} can now sign in.` : ''}
          </span>
        </div>
      </form>
    </section>
  );
}
