import type { FieldErrors } from '../../forms/form-errors';

/** The scopes `POST /auth/tokens` accepts (libs/contracts/src/auth/auth-fields.ts, `tokenScopeField`). */
export type TokenScope = 'read' | 'write' | 'admin';

export const TOKEN_SCOPES: readonly { scope: TokenScope; label: string; description: string }[] = [
  { scope: 'read', label: 'Read', description: 'Read your library, chat and analytics (GET requests).' },
  { scope: 'write', label: 'Write', description: 'Create, change and delete your content.' },
  { scope: 'admin', label: 'Admin', description: 'Use the administration routes (administrators only).' },
];

/** Offered lifetimes in days (`null` = never). The server refuses over a year; 180 leaves room for clock skew. */
export const TOKEN_LIFETIMES: readonly { days: number | null; label: string }[] = [
  { days: null, label: 'Never' },
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 180, label: '180 days' },
];

export type TokenFormField = 'name' | 'scopes' | 'expiresAt';

export interface TokenFormValues {
  name: string;
  scopes: readonly TokenScope[];
  lifetimeDays: number | null;
}

export interface CreateTokenBody {
  name: string;
  scopes: TokenScope[];
  expiresAt?: string;
}

const MAX_NAME_LENGTH = 100;

export function checkTokenForm(values: TokenFormValues): FieldErrors<TokenFormField> {
  const errors: FieldErrors<TokenFormField> = {};
  const name = values.name.trim();
  if (name === '') errors.name = 'Give the token a name, such as the script that will use it.';
  else if (name.length > MAX_NAME_LENGTH) errors.name = `Use at most ${MAX_NAME_LENGTH} characters.`;
  if (values.scopes.length === 0) errors.scopes = 'Choose at least one scope.';
  return errors;
}

/** The request body; the expiry is counted from `now` so a slow form still asks for the chosen lifetime. */
export function createTokenBody(values: TokenFormValues, now: Date = new Date()): CreateTokenBody {
  const scopes = TOKEN_SCOPES.map(({ scope }) => scope).filter((scope) => values.scopes.includes(scope));
  const body: CreateTokenBody = { name: values.name.trim(), scopes };
  if (values.lifetimeDays !== null) {
    body.expiresAt = new Date(now.getTime() + values.lifetimeDays * 86_400_000).toISOString();
  }
  return body;
}
