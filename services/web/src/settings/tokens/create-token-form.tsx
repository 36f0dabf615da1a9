'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import { focusFirstInvalidField } from '../../auth/focus-first-invalid-field';
import { type FieldErrors, fieldErrorsFromProblem, hasErrors } from '../../forms/form-errors';
import { useSession } from '../../session/session-context';
import { FormField } from '../../ui/form-field';
import { ProblemAlert } from '../../ui/problem-alert';
import {
  checkTokenForm,
  type CreateTokenBody,
  createTokenBody,
  TOKEN_LIFETIMES,
  TOKEN_SCOPES,
  type TokenFormField,
  type TokenFormValues,
  type TokenScope,
} from './api-token-form';
import { newIdempotencyKey } from '../../api/idempotency-key';

export interface CreatedToken {
  name: string;
  secret: string;
}

const LABELS: Record<TokenFormField, string> = { name: 'Token name', scopes: 'Scopes', expiresAt: 'Expiry' };
const FORM_FIELDS: readonly TokenFormField[] = ['name', 'scopes', 'expiresAt'];

export function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const { api } = useApi();
  const { user } = useSession();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<TokenFormValues>({ name: '', scopes: ['read'], lifetimeDays: 90 });
  const [errors, setErrors] = useState<FieldErrors<TokenFormField>>({});
  const create = useMutation({
    mutationFn: ({ body, key }: { body: CreateTokenBody; key: string }) =>
      unwrap(api.POST('/api/v1/auth/tokens', { body, headers: { 'Idempotency-Key': key } })),
    // The mutation's own copy of the answer would keep the secret alive: detach from it, let it be collected.
    gcTime: 0,
    onSuccess: ({ token, secret }) => {
      onCreated({ name: token.name, secret });
      create.reset();
    },
    onError: (error) => {
      setErrors(fieldErrorsFromProblem(error, FORM_FIELDS, LABELS));
      focusFirstInvalidField(formRef.current);
    },
  });
  const namesNoField = !hasErrors(fieldErrorsFromProblem(create.error, FORM_FIELDS));
  // Only administrators can use admin routes, so the scope means nothing to anyone else.
  const scopes = TOKEN_SCOPES.filter(({ scope }) => scope !== 'admin' || user.role === 'admin');
  const toggleScope = (scope: TokenScope, on: boolean) => {
    setValues((current) => ({
      ...current,
      scopes: on ? [...current.scopes, scope] : current.scopes.filter((each) => each !== scope),
    }));
    setErrors((current) => ({ ...current, scopes: undefined }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkTokenForm(values);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstInvalidField(formRef.current);
      return;
    }
    create.mutate({ body: createTokenBody(values), key: newIdempotencyKey() });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <FormField label={LABELS.name} hint="What will use it, e.g. “backup script”." error={errors.name}>
        <input
          value={values.name}
          maxLength={100}
          onChange={(event) => {
            setValues((current) => ({ ...current, name: event.target.value }));
            setErrors((current) => ({ ...current, name: undefined }));
          }}
        />
      </FormField>
      <fieldset className="checkbox-list" aria-describedby={errors.scopes ? 'token-scopes-error' : undefined}>
        <legend>{LABELS.scopes}</legend>
        {scopes.map(({ scope, label, description }) => (
          <label key={scope}>
            <input
              type="checkbox"
              checked={values.scopes.includes(scope)}
              onChange={(event) => toggleScope(scope, event.target.checked)}
            />
            <span>
              <strong>{label}</strong> <span className="muted">— {description}</span>
            </span>
          </label>
        ))}
        {errors.scopes && (
          <span id="token-scopes-error" className="field-error">
            {errors.scopes}
          </span>
        )}
      </fieldset>
      <FormField label="Expires after" error={errors.expiresAt}>
        <select
          value={values.lifetimeDays ?? 'never'}
          onChange={(event) =>
            setValues((current) => ({
              ...current,
              lifetimeDays: event.target.value === 'never' ? null : Number(event.target.value),
            }))
          }
        >
          {TOKEN_LIFETIMES.map(({ days, label }) => (
            <option key={label} value={days ?? 'never'}>
              {label}
            </option>
          ))}
        </select>
      </FormField>
      {create.isError && namesNoField && <ProblemAlert error={create.error} />}
      <button type="submit" className="primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create token'}
      </button>
    </form>
  );
}
