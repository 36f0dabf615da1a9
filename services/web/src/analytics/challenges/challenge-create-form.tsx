'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { type FieldErrors, fieldErrorsFromProblem, hasErrors } from '../../forms/form-errors';
import { FormField } from '../../ui/form-field';
import { ProblemAlert } from '../../ui/problem-alert';
import {
  CHALLENGE_FIELDS,
  CHALLENGE_METRICS,
  challengeBodyFromForm,
  type ChallengeField,
  type ChallengeFormValues,
  type ChallengeMetric,
  type ChallengeVisibility,
  defaultChallengeForm,
  validateChallengeForm,
} from './challenge-form';
import { type Challenge, useCreateChallenge } from './challenge-queries';
import { CHALLENGE_METRIC_LABELS } from './challenge-standing';
import { newIdempotencyKey } from '../../api/idempotency-key';

/** A new challenge: checked here first, then the gateway's per-field messages if it refuses. */
export function ChallengeCreateForm() {
  const [values, setValues] = useState<ChallengeFormValues>(() => defaultChallengeForm(new Date()));
  const [clientErrors, setClientErrors] = useState<FieldErrors<ChallengeField>>({});
  const [created, setCreated] = useState<Challenge | null>(null);
  const create = useCreateChallenge();
  const errors = { ...fieldErrorsFromProblem(create.error, CHALLENGE_FIELDS), ...clientErrors };

  const set = <Field extends ChallengeField>(field: Field, value: ChallengeFormValues[Field]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setClientErrors((current) => ({ ...current, [field]: undefined }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateChallengeForm(values, new Date());
    setClientErrors(found);
    if (hasErrors(found)) return;
    setCreated(null);
    create.mutate(
      { body: challengeBodyFromForm(values), idempotencyKey: newIdempotencyKey() },
      {
        onSuccess: ({ challenge }) => {
          setCreated(challenge);
          setValues(defaultChallengeForm(new Date()));
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="create-challenge-heading">
      <h2 id="create-challenge-heading">Create a challenge</h2>
      <form className="challenge-form" onSubmit={submit} noValidate>
        <FormField label="Title" error={errors.title}>
          <input
            value={values.title}
            onChange={(event) => set('title', event.target.value)}
            maxLength={200}
          />
        </FormField>
        <FormField label="Description" hint="Optional" error={errors.description}>
          <textarea value={values.description} onChange={(event) => set('description', event.target.value)} />
        </FormField>
        <div className="two-fields">
          <FormField label="Metric" error={errors.metric}>
            <select
              value={values.metric}
              onChange={(event) => set('metric', event.target.value as ChallengeMetric)}
            >
              {CHALLENGE_METRICS.map((metric) => (
                <option key={metric} value={metric}>
                  {CHALLENGE_METRIC_LABELS[metric]}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label="Target" error={errors.target}>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              value={values.target}
              onChange={(event) => set('target', event.target.value)}
            />
          </FormField>
          <FormField label="Starts" error={errors.startsAt}>
            <input
              type="datetime-local"
              value={values.startsAt}
              onChange={(event) => set('startsAt', event.target.value)}
            />
          </FormField>
          <FormField label="Ends" error={errors.endsAt}>
            <input
              type="datetime-local"
              value={values.endsAt}
              onChange={(event) => set('endsAt', event.target.value)}
            />
          </FormField>
        </div>
        <FormField
          label="Visibility"
          hint="Invite only: just the people you invite see it (invite them from the challenge's page)."
          error={errors.visibility}
        >
          <select
            value={values.visibility}
            onChange={(event) => set('visibility', event.target.value as ChallengeVisibility)}
          >
            <option value="public">Public</option>
            <option value="invite">Invite only</option>
          </select>
        </FormField>
        <ProblemAlert error={create.error} />
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create challenge'}
        </button>
        <div role="status" aria-live="polite">
          {created && (
            <p>
              Created <Link href={`/challenges/${created.id}`}>{created.title}</Link>. You take part already.
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
