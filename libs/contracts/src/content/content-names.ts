// No imports: the web app bundles this module, so it must not pull in zod or Node-only code.

/** The kinds of item search knows, in the order facets list them. */
export const ITEM_TYPES = ['bookmark', 'note', 'task', 'file'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** A tag name's stored form: no leading `#`, lower-case, `-` for inner spaces (validated by `tagNameField`). */
export function normalizeTagName(raw: string): string {
  return raw.trim().replace(/^#+/, '').trim().replace(/\s+/g, '-').toLowerCase();
}
