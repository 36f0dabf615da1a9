import { ApiProblem } from '../api/problem';

/** A message per form field, from the client's own checks or from the gateway's problem `errors`. */
export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

/** One field's client-side check: a message a person can act on, or undefined when the value is fine. */
export type FieldRule = (value: string) => string | undefined;

/** Runs each field's rule on its value; fields without a rule are not checked. */
export function validateForm<Field extends string>(
  values: Record<Field, string>,
  rules: Partial<Record<Field, FieldRule>>,
): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  for (const field of Object.keys(values) as Field[]) {
    const message = rules[field]?.(values[field]);
    if (message !== undefined) errors[field] = message;
  }
  return errors;
}

/**
 * The gateway's per-field messages for this form's fields (`body.url` or `url` → `url`); fields the form
 * does not show are left to the problem's `detail`. With `labels`, the server's fragments that continue a
 * field's name ("is already taken") read as sentences under the field ("Username is already taken.").
 */
export function fieldErrorsFromProblem<Field extends string>(
  error: unknown,
  fields: readonly Field[],
  labels?: Partial<Record<Field, string>>,
): FieldErrors<Field> {
  if (!(error instanceof ApiProblem)) return {};
  const errors: FieldErrors<Field> = {};
  for (const field of fields) {
    const message = error.messageFor(field);
    if (message !== undefined) errors[field] = sentenceFor(labels?.[field], message);
  }
  return errors;
}

function sentenceFor(label: string | undefined, message: string): string {
  if (label === undefined || !/^[a-z]/.test(message)) return message;
  return `${label} ${message}${/[.!?]$/.test(message) ? '' : '.'}`;
}

export function hasErrors(errors: FieldErrors<string>): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}
