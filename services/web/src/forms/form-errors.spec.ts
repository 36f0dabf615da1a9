import { ApiProblem } from '../api/problem';
import { ACCOUNT_FIELDS } from './account-fields';
import { fieldErrorsFromProblem, hasErrors, validateForm } from './form-errors';

/** Copied from the gateway: POST /api/v1/auth/register with bad fields and an unknown one (`extra`). */
const REGISTER_VALIDATION_FAILED = {
  type: 'https://tracera.dev/problems/validation-failed',
  title: 'The request does not match its schema',
  status: 400,
  detail: 'Some fields are missing or invalid; see errors.',
  instance: '/api/v1/auth/register',
  requestId: 'c017e0b4-0ae2-4e11-a454-8b3b0c31022f',
  errors: [
    { field: 'email', message: 'must be an email address' },
    { field: 'username', message: 'Too small: expected string to have >=3 characters' },
    {
      field: 'username',
      message: 'may contain letters, digits, "_", "." and "-", and starts with a letter or digit',
    },
    { field: 'password', message: 'Too small: expected string to have >=10 characters' },
    { field: 'displayName', message: 'Too small: expected string to have >=1 characters' },
    { field: 'extra', message: 'is not an allowed field' },
  ],
};

/** Copied from the gateway: registering a username that exists. */
const REGISTER_CONFLICT = {
  type: 'https://tracera.dev/problems/conflict',
  title: 'Conflict with the current state',
  status: 409,
  detail: 'email or username already taken',
  instance: '/api/v1/auth/register',
  requestId: '6ecda6e7-7d54-4013-8ca4-604151386a6d',
  code: 'CONFLICT',
  errors: [{ field: 'username', message: 'is already taken' }],
};

const ACCOUNT_LABELS = {
  email: 'Email',
  username: 'Username',
  displayName: 'Display name',
  password: 'Password',
};

function problemFrom(body: object, status: number, headers: Record<string, string> = {}): ApiProblem {
  const response = new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
  return ApiProblem.fromResponse(response, body);
}

describe('fieldErrorsFromProblem with real gateway answers', () => {
  it("maps a 400 register body's errors onto the form's fields, the first message per field", () => {
    const problem = problemFrom(REGISTER_VALIDATION_FAILED, 400);
    expect(problem.detail).toBe('Some fields are missing or invalid; see errors.');
    expect(fieldErrorsFromProblem(problem, ACCOUNT_FIELDS)).toEqual({
      email: 'must be an email address',
      username: 'Too small: expected string to have >=3 characters',
      password: 'Too small: expected string to have >=10 characters',
      displayName: 'Too small: expected string to have >=1 characters',
    });
  });

  it('does not leak fields the form does not show', () => {
    const problem = problemFrom(REGISTER_VALIDATION_FAILED, 400);
    const errors = fieldErrorsFromProblem(problem, ['email', 'password'] as const);
    expect(Object.keys(errors).sort()).toEqual(['email', 'password']);
    expect(errors).not.toHaveProperty('extra');
    expect(fieldErrorsFromProblem(problem, ACCOUNT_FIELDS)).not.toHaveProperty('extra');
  });

  it("turns the server's fragments into sentences under the labelled field", () => {
    const conflict = problemFrom(REGISTER_CONFLICT, 409);
    expect(fieldErrorsFromProblem(conflict, ACCOUNT_FIELDS, ACCOUNT_LABELS)).toEqual({
      username: 'Username is already taken.',
    });
    const invalid = fieldErrorsFromProblem(
      problemFrom(REGISTER_VALIDATION_FAILED, 400),
      ACCOUNT_FIELDS,
      ACCOUNT_LABELS,
    );
    expect(invalid.email).toBe('Email must be an email address.');
    // Messages that are already sentences stay as the server wrote them.
    expect(invalid.password).toBe('Too small: expected string to have >=10 characters');
  });

  it('matches a field named with its body path (`body.email`)', () => {
    const problem = problemFrom(
      { ...REGISTER_CONFLICT, errors: [{ field: 'body.email', message: 'is already taken' }] },
      409,
    );
    expect(fieldErrorsFromProblem(problem, ACCOUNT_FIELDS)).toEqual({ email: 'is already taken' });
  });

  it('keeps the Retry-After of a 429 and names no field', () => {
    const problem = problemFrom(
      {
        type: 'https://tracera.dev/problems/rate-limited',
        title: 'Too many requests',
        status: 429,
        detail: 'Too many sign-in attempts; wait and try again.',
      },
      429,
      { 'retry-after': '42' },
    );
    expect(problem.retryAfterSeconds).toBe(42);
    expect(fieldErrorsFromProblem(problem, ['login', 'password'] as const)).toEqual({});
  });

  it('answers no field errors for something that is not a problem', () => {
    expect(fieldErrorsFromProblem(new Error('boom'), ACCOUNT_FIELDS)).toEqual({});
    expect(fieldErrorsFromProblem(undefined, ACCOUNT_FIELDS)).toEqual({});
  });
});

describe('validateForm', () => {
  const required = (value: string) => (value === '' ? 'Required.' : undefined);

  it("runs each field's rule and reports only failures", () => {
    const errors = validateForm(
      { title: '', url: 'https://example.com', notes: '' },
      { title: required, url: required },
    );
    expect(errors).toEqual({ title: 'Required.' });
    expect(hasErrors(errors)).toBe(true);
    expect(hasErrors(validateForm({ title: 'x' }, { title: required }))).toBe(false);
  });
});
