/** The name to show for a person: their display name, or their username when they have none. */
export function personName(person: { displayName?: string | null; username: string }): string {
  return person.displayName?.trim() || person.username;
}
