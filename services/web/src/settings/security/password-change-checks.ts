import { currentPasswordRule, newPasswordRule } from '../../forms/account-fields';
import type { FieldErrors } from '../../forms/form-errors';

export type PasswordChangeField = 'currentPassword' | 'newPassword' | 'confirmPassword';

export interface PasswordChangeValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * What can be checked before asking the server: the shared password rules, a new password that differs
 * from the current one, and the confirmation matching. The server still judges strength (common passwords,
 * resemblance to the username) and whether the current password is right.
 */
export function checkPasswordChange(values: PasswordChangeValues): FieldErrors<PasswordChangeField> {
  const errors: FieldErrors<PasswordChangeField> = {};
  const current = currentPasswordRule(values.currentPassword);
  if (current !== undefined) errors.currentPassword = current;
  const next = newPasswordRule(values.newPassword);
  if (next !== undefined) errors.newPassword = next;
  else if (values.newPassword === values.currentPassword) {
    errors.newPassword = 'Choose a password different from the current one.';
  }
  if (values.confirmPassword !== values.newPassword) errors.confirmPassword = 'The passwords do not match.';
  return errors;
}
