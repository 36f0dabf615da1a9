'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import { focusFirstInvalidField } from '../../auth/focus-first-invalid-field';
import { DISPLAY_NAME_MAX_LENGTH } from '../../forms/account-fields';
import { type FieldErrors, fieldErrorsFromProblem, hasErrors } from '../../forms/form-errors';
import { personName } from '../../session/person-name';
import { ME_QUERY_KEY, type User, useSession } from '../../session/session-context';
import { browserTimeZone } from '../../ui/date-format';
import { FormField } from '../../ui/form-field';
import { ProblemAlert } from '../../ui/problem-alert';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import {
  avatarPreviewUrl,
  checkProfile,
  initialTimeZone,
  type ProfileBody,
  type ProfileField,
  profileBody,
  type ProfileValues,
  timeZoneOptions,
} from './profile-form';

const LABELS: Record<ProfileField, string> = {
  displayName: 'Display name',
  timeZone: 'Time zone',
  locale: 'Language',
  avatarUrl: 'Picture URL',
};
const PROFILE_FIELDS: readonly ProfileField[] = ['displayName', 'timeZone', 'locale', 'avatarUrl'];
/** The preview loads the picture only once typing pauses, so hosts of half-typed addresses are never asked. */
const AVATAR_PREVIEW_DELAY_MS = 500;

/** Name, time zone, language and picture → PATCH /auth/me; the header shows the change at once. */
export function ProfileSettings() {
  const { user } = useSession();
  return (
    <section className="card settings-section" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <p className="muted">
        Signed in as <strong>{user.username}</strong> ({user.email}).
      </p>
      <ProfileForm user={user} />
    </section>
  );
}

function ProfileForm({ user }: { user: User }) {
  const { api } = useApi();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const browserZone = useMemo(browserTimeZone, []);
  const zoneStart = initialTimeZone(user.timeZone, browserZone);
  const zones = useMemo(
    () => timeZoneOptions(Intl.supportedValuesOf('timeZone'), user.timeZone),
    [user.timeZone],
  );
  const [values, setValues] = useState<ProfileValues>({
    displayName: user.displayName,
    timeZone: zoneStart.value,
    locale: user.locale,
    avatarUrl: user.avatarUrl ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors<ProfileField>>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: ProfileBody) => unwrap(api.PATCH('/api/v1/auth/me', { body })),
    onSuccess: ({ user: updated }) => {
      queryClient.setQueryData(ME_QUERY_KEY, updated);
      // The server may normalise what it stored (a language tag's case), so show its version.
      setValues((current) => ({ ...current, locale: updated.locale, displayName: updated.displayName }));
      setSaved(true);
    },
    onError: (error) => {
      setErrors(fieldErrorsFromProblem(error, PROFILE_FIELDS, LABELS));
      focusFirstInvalidField(formRef.current);
    },
  });
  const namesNoField = !hasErrors(fieldErrorsFromProblem(save.error, PROFILE_FIELDS));
  const set = (field: ProfileField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
    setSaved(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkProfile(values);
    setErrors(found);
    setSaved(false);
    if (hasErrors(found)) {
      focusFirstInvalidField(formRef.current);
      return;
    }
    save.mutate(profileBody(values));
  };
  const previewUrl = avatarPreviewUrl(useDebouncedValue(values.avatarUrl, AVATAR_PREVIEW_DELAY_MS));
  const languages = typeof navigator === 'undefined' ? [] : navigator.languages;

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <FormField label={LABELS.displayName} error={errors.displayName}>
        <input
          value={values.displayName}
          onChange={(event) => set('displayName', event.target.value)}
          autoComplete="name"
          maxLength={DISPLAY_NAME_MAX_LENGTH}
        />
      </FormField>
      <FormField
        label={LABELS.timeZone}
        hint={
          zoneStart.suggested && values.timeZone === zoneStart.value
            ? `Suggested from this browser (your account still uses ${user.timeZone}); save to keep it.`
            : 'Dates, reminders and your activity statistics follow this zone.'
        }
        error={errors.timeZone}
      >
        <select value={values.timeZone} onChange={(event) => set('timeZone', event.target.value)}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
              {zone === browserZone ? ' (this browser)' : ''}
            </option>
          ))}
        </select>
      </FormField>
      <FormField label={LABELS.locale} hint="A language tag such as en-GB or de." error={errors.locale}>
        <input
          value={values.locale}
          onChange={(event) => set('locale', event.target.value)}
          list="profile-locale-suggestions"
          autoComplete="language"
          spellCheck={false}
        />
      </FormField>
      <datalist id="profile-locale-suggestions">
        {languages.map((language) => (
          <option key={language} value={language} />
        ))}
      </datalist>
      <FormField
        label={LABELS.avatarUrl}
        hint="An https:// address of an image; leave empty for none."
        error={errors.avatarUrl}
      >
        <input
          type="url"
          value={values.avatarUrl}
          onChange={(event) => set('avatarUrl', event.target.value)}
          placeholder="https://…"
          inputMode="url"
        />
      </FormField>
      <AvatarPreview
        url={previewUrl}
        name={personName({ displayName: values.displayName, username: user.username })}
      />
      {save.isError && namesNoField && <ProblemAlert error={save.error} />}
      <div className="button-row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save profile'}
        </button>
        <span role="status" className="muted">
          {saved ? 'Profile saved.' : ''}
        </span>
      </div>
    </form>
  );
}

function AvatarPreview({ url, name }: { url: string | null; name: string }) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  if (url === null) {
    return (
      <div className="avatar-preview">
        <span className="avatar avatar-initial" aria-hidden="true">
          {name.trim().charAt(0).toUpperCase() || '?'}
        </span>
        <span className="muted">No picture: your initial is shown instead.</span>
      </div>
    );
  }
  return (
    <div className="avatar-preview">
      {failedUrl === url ? (
        <span className="field-error" role="status">
          This image could not be loaded; check the address.
        </span>
      ) : (
        <>
          {/* A plain img: next/image would need every possible picture host configured. */}
          <img
            className="avatar"
            src={url}
            alt="Preview of your picture"
            referrerPolicy="no-referrer"
            onError={() => setFailedUrl(url)}
          />
          <span className="muted">Preview</span>
        </>
      )}
    </div>
  );
}
