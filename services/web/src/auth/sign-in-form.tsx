'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import { problemOf } from '../api/problem';
import {
  SIGN_IN_FIELDS,
  type SignInField,
  type SignInFormValues,
  validateSignInForm,
} from '../forms/account-fields';
import { type FieldErrors, fieldErrorsFromProblem, hasErrors } from '../forms/form-errors';
import { FormField } from '../ui/form-field';
import { ProblemAlert } from '../ui/problem-alert';
import { focusFirstInvalidField } from './focus-first-invalid-field';
import { useFinishSignIn } from './use-finish-sign-in';

const LABELS: Record<SignInField, string> = { login: 'Email or username', password: 'Password' };

export function SignInForm({ next }: { next: string | null }) {
  const { api } = useApi();
  const finishSignIn = useFinishSignIn();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<SignInFormValues>({ login: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors<SignInField>>({});
  const signIn = useMutation({
    mutationFn: (body: SignInFormValues) => unwrap(api.POST('/api/v1/auth/login', { body })),
    onSuccess: () => finishSignIn(next),
    onError: (error) => setErrors(fieldErrorsFromProblem(error, SIGN_IN_FIELDS, LABELS)),
  });

  const change = (field: SignInField) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateSignInForm(values);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstInvalidField(formRef.current);
      return;
    }
    signIn.mutate({ login: values.login.trim(), password: values.password });
  };

  return (
    <form ref={formRef} className="auth-form" onSubmit={submit} noValidate>
      {signIn.isError && <SignInProblem error={signIn.error} />}
      <FormField label={LABELS.login} error={errors.login}>
        <input
          name="login"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={values.login}
          onChange={(event) => change('login')(event.target.value)}
        />
      </FormField>
      <FormField label={LABELS.password} error={errors.password}>
        <input
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={values.password}
          onChange={(event) => change('password')(event.target.value)}
        />
      </FormField>
      <button type="submit" className="primary" disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

/** A refused sign-in in plain words: the reason (401) or how long to wait (429); anything else as usual. */
function SignInProblem({ error }: { error: unknown }) {
  const problem = problemOf(error);
  if (problem.status === 401) {
    return (
      <div className="alert" role="alert">
        {sentence(problem.detail)}
      </div>
    );
  }
  if (problem.status === 429 && problem.retryAfterSeconds !== undefined) {
    return (
      <div className="alert" role="alert">
        Too many sign-in attempts. Try again in {problem.retryAfterSeconds} s.
      </div>
    );
  }
  return <ProblemAlert error={error} />;
}

function sentence(text: string): string {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
