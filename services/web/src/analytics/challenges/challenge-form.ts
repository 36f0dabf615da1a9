import type { Schemas } from '../../api/api-types';
import type { FieldErrors } from '../../forms/form-errors';

export type CreateChallengeBody = Schemas['CreateChallengeDto'];
export type ChallengeMetric = CreateChallengeBody['metric'];
export type ChallengeVisibility = CreateChallengeBody['visibility'];

export const CHALLENGE_METRICS: readonly ChallengeMetric[] = [
  'tasks_completed',
  'bookmarks_saved',
  'notes_created',
];
export const CHALLENGE_VISIBILITIES: readonly ChallengeVisibility[] = ['public', 'invite'];

// The gateway's limits (libs/contracts analytics-fields), checked here first so mistakes show at once.
const TITLE_MAX = 200;
const DESCRIPTION_MAX = 2000;
const TARGET_MAX = 1_000_000;
const LONGEST_DAYS = 366;

/** The form as typed: numbers and times stay text until submitted (`datetime-local` values). */
export interface ChallengeFormValues {
  title: string;
  description: string;
  metric: ChallengeMetric;
  target: string;
  startsAt: string;
  endsAt: string;
  visibility: ChallengeVisibility;
}

export type ChallengeField = keyof ChallengeFormValues;
export const CHALLENGE_FIELDS: readonly ChallengeField[] = [
  'title',
  'description',
  'metric',
  'target',
  'startsAt',
  'endsAt',
  'visibility',
];

/** A `datetime-local` value (`2026-11-20T09:30`, the browser's zone) as an ISO instant, or null if invalid. */
export function datetimeLocalToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The `datetime-local` value for an instant, in the browser's zone, to the minute. */
export function dateToDatetimeLocal(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A week-long challenge starting at the next full hour. */
export function defaultChallengeForm(now: Date): ChallengeFormValues {
  const start = new Date(now);
  start.setMinutes(0, 0, 0);
  start.setHours(start.getHours() + 1);
  const end = new Date(start);
  end.setDate(end.getDate() + 7);
  return {
    title: '',
    description: '',
    metric: 'tasks_completed',
    target: '10',
    startsAt: dateToDatetimeLocal(start),
    endsAt: dateToDatetimeLocal(end),
    visibility: 'public',
  };
}

/** The checks the gateway would make, with messages a person can act on; empty when the form is sendable. */
export function validateChallengeForm(values: ChallengeFormValues, now: Date): FieldErrors<ChallengeField> {
  const errors: FieldErrors<ChallengeField> = {};
  const title = values.title.trim();
  if (title === '') errors.title = 'Give the challenge a title.';
  else if (title.length > TITLE_MAX) errors.title = `Keep the title to ${TITLE_MAX} characters.`;
  if (values.description.trim().length > DESCRIPTION_MAX) {
    errors.description = `Keep the description to ${DESCRIPTION_MAX} characters.`;
  }
  const target = Number(values.target);
  if (values.target.trim() === '' || !Number.isInteger(target)) errors.target = 'Enter a whole number.';
  else if (target < 1) errors.target = 'The target must be at least 1.';
  else if (target > TARGET_MAX)
    errors.target = `The target can be at most ${TARGET_MAX.toLocaleString('en')}.`;
  const startsAt = datetimeLocalToIso(values.startsAt);
  const endsAt = datetimeLocalToIso(values.endsAt);
  if (startsAt === null) errors.startsAt = 'Choose when the challenge starts.';
  if (endsAt === null) errors.endsAt = 'Choose when the challenge ends.';
  else if (startsAt !== null && Date.parse(endsAt) <= Date.parse(startsAt)) {
    errors.endsAt = 'The end must be after the start.';
  } else if (Date.parse(endsAt) <= now.getTime()) {
    errors.endsAt = 'The end must be in the future.';
  } else if (startsAt !== null && Date.parse(endsAt) - Date.parse(startsAt) > LONGEST_DAYS * 86_400_000) {
    errors.endsAt = `A challenge can last at most ${LONGEST_DAYS} days.`;
  }
  return errors;
}

/** The request body for a form that passed {@link validateChallengeForm}. */
export function challengeBodyFromForm(values: ChallengeFormValues): CreateChallengeBody {
  const startsAt = datetimeLocalToIso(values.startsAt);
  const endsAt = datetimeLocalToIso(values.endsAt);
  if (startsAt === null || endsAt === null) throw new Error('Validate the challenge form before sending it');
  const description = values.description.trim();
  return {
    title: values.title.trim(),
    ...(description ? { description } : {}),
    metric: values.metric,
    target: Number(values.target),
    startsAt,
    endsAt,
    visibility: values.visibility,
  };
}
