/**
 * Client-side checks of the account fields, the same rules as the server's (libs/contracts/src/auth/
 * auth-fields.ts and the login body), so most mistakes are named before a request is sent. Each rule takes
 * the value as it will be sent and answers a message, or undefined when the value is fine. Rules the server
 * alone can apply (a taken name, a too common password) still arrive as problem `errors`.
 */
import { type FieldErrors, type FieldRule, validateForm } from './form-errors';

export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 32;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
export const EMAIL_MAX_LENGTH = 254;
export const DISPLAY_NAME_MAX_LENGTH = 100;

// zod 4's `z.email()` pattern, which the server applies: a dotted local part, a domain with a 2+ letter TLD.
const EMAIL_PATTERN =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
const USERNAME_FIRST_CHARACTER = /^[A-Za-z0-9]/;
const USERNAME_CHARACTERS = /^[A-Za-z0-9_.-]*$/;

export const emailRule: FieldRule = (email) => {
  if (email === '') return 'Enter your email address.';
  if (email.length > EMAIL_MAX_LENGTH) return `An email address has at most ${EMAIL_MAX_LENGTH} characters.`;
  if (!EMAIL_PATTERN.test(email)) return 'Enter an email address such as ada@example.com.';
  return undefined;
};

export const usernameRule: FieldRule = (username) => {
  if (username === '') return 'Choose a username.';
  if (username.length < USERNAME_MIN_LENGTH)
    return `A username needs at least ${USERNAME_MIN_LENGTH} characters.`;
  if (username.length > USERNAME_MAX_LENGTH)
    return `A username has at most ${USERNAME_MAX_LENGTH} characters.`;
  if (!USERNAME_FIRST_CHARACTER.test(username)) return 'A username starts with a letter or a digit.';
  if (!USERNAME_CHARACTERS.test(username))
    return 'A username may contain only letters, digits, "_", "." and "-" (no spaces).';
  return undefined;
};

/** For a new password (registration): the server also refuses common ones and ones containing the username. */
export const newPasswordRule: FieldRule = (password) => {
  if (password === '') return 'Choose a password.';
  if (password.length < PASSWORD_MIN_LENGTH)
    return `Use at least ${PASSWORD_MIN_LENGTH} characters; a few words make a good password.`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `A password has at most ${PASSWORD_MAX_LENGTH} characters.`;
  return undefined;
};

/** Optional; blank means "use my username", so only the trimmed length can be wrong. */
export const displayNameRule: FieldRule = (displayName) => {
  if (displayName.trim().length > DISPLAY_NAME_MAX_LENGTH)
    return `A display name has at most ${DISPLAY_NAME_MAX_LENGTH} characters.`;
  return undefined;
};

/** Sign-in takes an email or a username (`login`, 1–254 characters once trimmed). */
export const loginRule: FieldRule = (login) => {
  if (login.trim() === '') return 'Enter your email or username.';
  if (login.trim().length > EMAIL_MAX_LENGTH) return 'This is longer than any email or username.';
  return undefined;
};

/** Sign-in checks only presence and the cap: an old account's password may predate today's rules. */
export const currentPasswordRule: FieldRule = (password) => {
  if (password === '') return 'Enter your password.';
  if (password.length > PASSWORD_MAX_LENGTH)
    return `A password has at most ${PASSWORD_MAX_LENGTH} characters.`;
  return undefined;
};

export interface AccountFormValues {
  email: string;
  username: string;
  displayName: string;
  password: string;
}

export type AccountField = keyof AccountFormValues;
export const ACCOUNT_FIELDS: readonly AccountField[] = ['email', 'username', 'displayName', 'password'];

/** The fields' visible labels (the browser tests find the fields by them). */
export const ACCOUNT_FIELD_LABELS: Readonly<Record<AccountField, string>> = {
  email: 'Email',
  username: 'Username',
  displayName: 'Display name',
  password: 'Password',
};

export const EMPTY_ACCOUNT_FORM: Readonly<AccountFormValues> = {
  email: '',
  username: '',
  displayName: '',
  password: '',
};

export const ACCOUNT_RULES: Record<AccountField, FieldRule> = {
  email: emailRule,
  username: usernameRule,
  displayName: displayNameRule,
  password: newPasswordRule,
};

/** Checks the values as {@link accountRequestBody} will send them (trimmed). */
export function validateAccountForm(values: AccountFormValues): FieldErrors<AccountField> {
  const body = accountRequestBody(values);
  return validateForm({ ...body, displayName: body.displayName ?? '' }, ACCOUNT_RULES);
}

/** The registration body as sent: names trimmed, a blank display name left out (the server uses the username). */
export function accountRequestBody(values: AccountFormValues): {
  email: string;
  username: string;
  password: string;
  displayName?: string;
} {
  const displayName = values.displayName.trim();
  return {
    email: values.email.trim(),
    username: values.username.trim(),
    password: values.password,
    ...(displayName === '' ? {} : { displayName }),
  };
}

export interface SignInFormValues {
  login: string;
  password: string;
}

export type SignInField = keyof SignInFormValues;
export const SIGN_IN_FIELDS: readonly SignInField[] = ['login', 'password'];

export const SIGN_IN_RULES: Record<SignInField, FieldRule> = {
  login: loginRule,
  password: currentPasswordRule,
};

export function validateSignInForm(values: SignInFormValues): FieldErrors<SignInField> {
  return validateForm(values, SIGN_IN_RULES);
}
