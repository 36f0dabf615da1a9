'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import {
  ACCOUNT_FIELD_LABELS,
  ACCOUNT_FIELDS,
  type AccountField,
  type AccountFormValues,
  accountRequestBody,
  EMPTY_ACCOUNT_FORM,
  PASSWORD_MIN_LENGTH,
  validateAccountForm,
} from '../forms/account-fields';
import { type FieldErrors, fieldErrorsFromProblem, hasErrors } from '../forms/form-errors';
import { AccountFieldInputs } from '../forms/account-field-inputs';
import { ProblemAlert } from '../ui/problem-alert';
import { focusFirstInvalidField } from './focus-first-invalid-field';
import { useFinishSignIn } from './use-finish-sign-in';

/** Registration (also the administrator set-up, which is the first registration): signs in on success. */
export function AccountForm({ submitLabel, next }: { submitLabel: string; next: string | null }) {
  const { api } = useApi();
  const finishSignIn = useFinishSignIn();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<AccountFormValues>(EMPTY_ACCOUNT_FORM);
  const [errors, setErrors] = useState<FieldErrors<AccountField>>({});
  const register = useMutation({
    mutationFn: (body: ReturnType<typeof accountRequestBody>) =>
      unwrap(api.POST('/api/v1/auth/register', { body })),
    onSuccess: () => finishSignIn(next),
    onError: (error) => {
      setErrors(fieldErrorsFromProblem(error, ACCOUNT_FIELDS, ACCOUNT_FIELD_LABELS));
      focusFirstInvalidField(formRef.current);
    },
  });
  // Problems that name none of these fields (sign-ups closed, too many requests) are shown above the form.
  const namesNoField = !hasErrors(fieldErrorsFromProblem(register.error, ACCOUNT_FIELDS));

  const change = (field: AccountField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    // A corrected field stops showing its old message; the others keep theirs until the next submit.
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateAccountForm(values);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstInvalidField(formRef.current);
      return;
    }
    register.mutate(accountRequestBody(values));
  };

  return (
    <form ref={formRef} className="auth-form" onSubmit={submit} noValidate>
      {register.isError && namesNoField && <ProblemAlert error={register.error} />}
      <AccountFieldInputs
        values={values}
        errors={errors}
        onChange={change}
        ownAccount
        hints={{
          username: '3–32 letters, digits, "_", "." or "-"; you can sign in with it.',
          displayName: 'Optional: how others see you. Your username if left blank.',
          password: `At least ${PASSWORD_MIN_LENGTH} characters; a few unrelated words work well.`,
        }}
      />
      <button type="submit" className="primary" disabled={register.isPending}>
        {register.isPending ? 'Creating…' : submitLabel}
      </button>
    </form>
  );
}
