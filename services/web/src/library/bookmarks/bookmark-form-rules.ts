import { ApiProblem } from '../../api/problem';
import { type FieldErrors, fieldErrorsFromProblem } from '../../forms/form-errors';

/** Limits of the content service (libs/contracts content-fields), checked here first for a quick answer. */
export const BOOKMARK_LIMITS = { url: 2048, title: 500, description: 10_000, tags: 50 } as const;

export type BookmarkFormField = 'url' | 'title' | 'description' | 'tags' | 'collectionId';

export const BOOKMARK_FORM_FIELDS: readonly BookmarkFormField[] = [
  'url',
  'title',
  'description',
  'tags',
  'collectionId',
];

export interface BookmarkFormValues {
  url: string;
  title: string;
  description: string;
  tags: string[];
  /** '' for no collection. */
  collectionId: string;
}

/** Why `text` is not a URL the API stores (absolute http or https with a host), or undefined when it is. */
export function bookmarkUrlProblem(text: string): string | undefined {
  const raw = text.trim();
  if (raw === '') return 'Enter the address of the page, e.g. https://example.com/article.';
  if (raw.length > BOOKMARK_LIMITS.url)
    return `The address is too long (at most ${BOOKMARK_LIMITS.url} characters).`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a full address starting with http:// or https://.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'Only http:// and https:// addresses can be bookmarked.';
  }
  if (url.hostname === '') return 'The address needs a host name, e.g. https://example.com.';
  return undefined;
}

/** The form's own checks, before anything is sent. */
export function validateBookmarkForm(values: BookmarkFormValues): FieldErrors<BookmarkFormField> {
  const errors: FieldErrors<BookmarkFormField> = {};
  const url = bookmarkUrlProblem(values.url);
  if (url) errors.url = url;
  if (values.title.trim().length > BOOKMARK_LIMITS.title) {
    errors.title = `The title is too long (at most ${BOOKMARK_LIMITS.title} characters).`;
  }
  if (values.description.length > BOOKMARK_LIMITS.description) {
    errors.description = `The description is too long (at most ${BOOKMARK_LIMITS.description} characters).`;
  }
  if (values.tags.length > BOOKMARK_LIMITS.tags) {
    errors.tags = `A bookmark can carry at most ${BOOKMARK_LIMITS.tags} tags.`;
  }
  return errors;
}

/** The request body: an empty title asks the server to fill it in from the page. */
export function bookmarkBodyOf(values: BookmarkFormValues): {
  url: string;
  title?: string;
  description: string;
  tags: string[];
  collectionId: string | null;
} {
  const title = values.title.trim();
  return {
    url: values.url.trim(),
    ...(title ? { title } : {}),
    description: values.description,
    tags: values.tags,
    collectionId: values.collectionId || null,
  };
}

/**
 * The server's per-field messages; a 409 (the person already bookmarked this address) belongs to the URL
 * field even though the server names no field.
 */
export function bookmarkErrorsFromProblem(error: unknown): FieldErrors<BookmarkFormField> {
  const errors = fieldErrorsFromProblem(error, BOOKMARK_FORM_FIELDS);
  if (error instanceof ApiProblem && error.status === 409 && !errors.url) {
    errors.url = 'You already bookmarked this address.';
  }
  return errors;
}
