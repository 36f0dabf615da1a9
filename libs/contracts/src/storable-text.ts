import { z } from 'zod';

/** Half of a UTF-16 surrogate pair: JSON carries it, but jsonb refuses it. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text Postgres can store: text refuses NUL, jsonb refuses NUL and unpaired surrogates. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);
}

/**
 * A string field whose value can be stored as it is. Every free-text field uses it, so such input is a
 * validation error naming the field wherever it arrives (REST, socket, RPC) instead of a failed write.
 */
export function storableText() {
  return z.string().refine(isStorableText, { message: 'contains a NUL or an unpaired surrogate character' });
}
