'use client';

import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { problemOf } from '../../api/problem';
import { type FieldErrors, hasErrors } from '../../forms/form-errors';
import { FormField } from '../../ui/form-field';
import { ProblemAlert } from '../../ui/problem-alert';
import { CollectionSelect } from '../collections/collection-select';
import type { CollectionLike, CollectionRow } from '../collections/collection-tree';
import { TagInput } from '../tags/tag-input';
import {
  BOOKMARK_FORM_FIELDS,
  bookmarkErrorsFromProblem,
  type BookmarkFormField,
  type BookmarkFormValues,
  validateBookmarkForm,
} from './bookmark-form-rules';

export const EMPTY_BOOKMARK_FORM: BookmarkFormValues = {
  url: '',
  title: '',
  description: '',
  tags: [],
  collectionId: '',
};

/**
 * Adding and editing a bookmark: the same fields, checked here first, then the server's per-field
 * messages; anything else the server says shows above the buttons. `notice` is a message about the
 * bookmark itself (e.g. it was reloaded after a change elsewhere).
 */
export function BookmarkForm({
  heading,
  headingLevel: Heading,
  initialValues,
  collectionRows,
  pending,
  error,
  notice,
  onSubmit,
  onCancel,
}: {
  heading: string;
  /** The form's heading sits under the page's (h2) or under a bookmark's (h4). */
  headingLevel: 'h2' | 'h4';
  initialValues: BookmarkFormValues;
  collectionRows: readonly CollectionRow<CollectionLike>[];
  pending: boolean;
  error: unknown;
  notice?: string;
  onSubmit: (values: BookmarkFormValues) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [values, setValues] = useState(initialValues);
  const [clientErrors, setClientErrors] = useState<FieldErrors<BookmarkFormField>>({});
  const urlRef = useRef<HTMLInputElement>(null);
  useEffect(() => urlRef.current?.focus(), []);

  const serverErrors = bookmarkErrorsFromProblem(error);
  const errors = hasErrors(clientErrors) ? clientErrors : serverErrors;
  // The server's field messages show at their fields; only a problem without them needs the alert.
  const showProblem = error !== null && error !== undefined && !hasErrors(serverErrors);
  const set = <K extends keyof BookmarkFormValues>(field: K, value: BookmarkFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setClientErrors((current) => ({ ...current, [field]: undefined }));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateBookmarkForm(values);
    setClientErrors(found);
    if (hasErrors(found)) {
      const first = BOOKMARK_FORM_FIELDS.find((field) => found[field]);
      event.currentTarget.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    onSubmit(values);
  };

  return (
    <form className="bookmark-form" aria-labelledby={`${id}-heading`} onSubmit={submit} noValidate>
      <Heading id={`${id}-heading`}>{heading}</Heading>
      {notice && (
        <p className="alert info" role="status">
          {notice}
        </p>
      )}
      <FormField label="URL" error={errors.url}>
        <input
          ref={urlRef}
          name="url"
          type="url"
          inputMode="url"
          autoComplete="url"
          placeholder="https://"
          value={values.url}
          onChange={(event) => set('url', event.target.value)}
        />
      </FormField>
      <FormField
        label="Title"
        hint="Optional: leave it empty and Tracera takes the page's own title."
        error={errors.title}
      >
        <input name="title" value={values.title} onChange={(event) => set('title', event.target.value)} />
      </FormField>
      <FormField label="Description" error={errors.description}>
        <textarea
          name="description"
          rows={3}
          value={values.description}
          onChange={(event) => set('description', event.target.value)}
        />
      </FormField>
      <FormField label="Tags" hint="Enter or comma adds a tag." error={errors.tags}>
        <TagInput id={`${id}-tags`} value={values.tags} onChange={(tags) => set('tags', tags)} />
      </FormField>
      <FormField label="Collection" error={errors.collectionId}>
        <CollectionSelect
          id={`${id}-collection`}
          value={values.collectionId}
          onChange={(collectionId) => set('collectionId', collectionId)}
          rows={collectionRows}
          noneLabel="No collection"
        />
      </FormField>
      {showProblem && problemOf(error).status !== 412 && <ProblemAlert error={error} />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save bookmark'}
        </button>
        <button type="button" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
