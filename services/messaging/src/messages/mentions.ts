import { type MemberView } from '@tracera/contracts';

// `@` not glued to a word before it (so e-mail addresses are not mentions), then a username's characters.
const MENTION = /(?<![\p{L}\p{N}_.@-])@([A-Za-z0-9][A-Za-z0-9_.-]*)/gu;

/**
 * Ids of the members a body names with `@username`, in order of first mention. Usernames are unique
 * regardless of case; punctuation closing a sentence (`@bob.`) is not part of the name. Names of people who
 * are not members are plain text.
 */
export function mentionedMembers(body: string, members: readonly MemberView[]): string[] {
  const byName = new Map(members.map((member) => [member.username.toLowerCase(), member.userId]));
  const ids: string[] = [];
  for (const match of body.matchAll(MENTION)) {
    const name = match[1].toLowerCase();
    const userId = byName.get(name) ?? byName.get(name.replace(/[_.-]+$/, ''));
    if (userId !== undefined && !ids.includes(userId)) ids.push(userId);
  }
  return ids;
}
