// `@username` in a message body: finding the mention being typed at the caret, completing it, and splitting
// a body so mentions can be rendered (and the reader's own highlighted). Usernames: letters, digits, _ . -

const USERNAME_CHARS = /[A-Za-z0-9_.-]/;

/** The mention being typed: where its `@` is and the text after it up to the caret. */
export interface MentionDraft {
  start: number;
  query: string;
}

/** The `@word` the caret is in or right after, if it starts a word (not an e-mail address). */
export function mentionDraftAt(text: string, caret: number): MentionDraft | null {
  let start = caret;
  while (start > 0 && USERNAME_CHARS.test(text[start - 1])) start -= 1;
  if (start === 0 || text[start - 1] !== '@') return null;
  const at = start - 1;
  if (at > 0 && !/\s/.test(text[at - 1])) return null;
  return { start: at, query: text.slice(start, caret) };
}

/** The text with the draft replaced by `@username ` and the caret after it. */
export function completeMention(
  text: string,
  caret: number,
  draft: MentionDraft,
  username: string,
): { text: string; caret: number } {
  const inserted = `@${username} `;
  const rest = text.slice(caret).replace(/^\S*/, '').replace(/^ /, '');
  return { text: text.slice(0, draft.start) + inserted + rest, caret: draft.start + inserted.length };
}

export type BodyPart = { kind: 'text'; text: string } | { kind: 'mention'; username: string };

/** Splits a body into plain text and `@username` mentions (only at a word start). */
export function splitMentions(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  const pattern = /(^|\s)@([A-Za-z0-9_.-]*[A-Za-z0-9_])/g;
  let last = 0;
  for (let match = pattern.exec(body); match; match = pattern.exec(body)) {
    const at = match.index + match[1].length;
    if (at > last) parts.push({ kind: 'text', text: body.slice(last, at) });
    parts.push({ kind: 'mention', username: match[2] });
    last = at + 1 + match[2].length;
  }
  if (last < body.length) parts.push({ kind: 'text', text: body.slice(last) });
  return parts;
}
