import { DISPLAY_NAME_MAX_LENGTH } from '../../forms/account-fields';
import type { FieldErrors } from '../../forms/form-errors';

export type ProfileField = 'displayName' | 'timeZone' | 'locale' | 'avatarUrl';

export interface ProfileValues {
  displayName: string;
  timeZone: string;
  locale: string;
  avatarUrl: string;
}

export interface ProfileBody {
  displayName: string;
  timeZone: string;
  locale: string;
  avatarUrl: string | null;
}

/** New accounts get this zone from the server until the person picks one. */
const SERVER_DEFAULT_TIME_ZONE = 'UTC';

/**
 * The zone the form starts with: the saved one, except that the server's default gives way to this
 * browser's zone (marked `suggested`, so the form can say that saving will change it).
 */
export function initialTimeZone(saved: string, browserZone: string): { value: string; suggested: boolean } {
  if (saved === SERVER_DEFAULT_TIME_ZONE && browserZone && browserZone !== saved) {
    return { value: browserZone, suggested: true };
  }
  return { value: saved, suggested: false };
}

/** The zones to offer: the runtime's list plus UTC and the saved zone (runtimes omit some aliases), sorted. */
export function timeZoneOptions(supported: readonly string[], saved: string): string[] {
  return [...new Set([...supported, SERVER_DEFAULT_TIME_ZONE, saved].filter(Boolean))].sort((a, b) =>
    a.localeCompare(b),
  );
}

/** The picture's address when it is one the server will accept (http or https), else null. */
export function avatarPreviewUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function checkProfile(values: ProfileValues): FieldErrors<ProfileField> {
  const errors: FieldErrors<ProfileField> = {};
  const displayName = values.displayName.trim();
  if (displayName === '') errors.displayName = 'Enter the name others see.';
  else if (displayName.length > DISPLAY_NAME_MAX_LENGTH) {
    errors.displayName = `Use at most ${DISPLAY_NAME_MAX_LENGTH} characters.`;
  }
  if (values.timeZone === '') errors.timeZone = 'Choose a time zone.';
  if (values.locale.trim() === '') errors.locale = 'Enter a language tag such as en-GB.';
  else if (!isLanguageTag(values.locale.trim()))
    errors.locale = 'This is not a language tag; try en-GB or de.';
  if (values.avatarUrl.trim() !== '' && avatarPreviewUrl(values.avatarUrl) === null) {
    errors.avatarUrl = 'Enter an address starting with https:// (or leave it empty).';
  }
  return errors;
}

/** An empty picture address clears the picture. */
export function profileBody(values: ProfileValues): ProfileBody {
  return {
    displayName: values.displayName.trim(),
    timeZone: values.timeZone,
    locale: values.locale.trim(),
    avatarUrl: values.avatarUrl.trim() === '' ? null : values.avatarUrl.trim(),
  };
}

function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}
