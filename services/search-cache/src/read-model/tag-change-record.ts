/** A tag rename or merge (`into` the name items carry now) or deletion (`into` null), as recorded. */
export interface TagChangeRecord {
  from: string;
  into: string | null;
  changedAt: Date;
}

/**
 * The tags an item written at `writtenAt` carries after the given changes (oldest first): those made after it
 * apply in order, so a rename chain a→b→c converges.
 */
export function tagsAfterChanges(tags: string[], writtenAt: string, changes: TagChangeRecord[]): string[] {
  const written = Date.parse(writtenAt);
  let current = tags;
  for (const change of changes) {
    if (change.changedAt.getTime() <= written || !current.includes(change.from)) continue;
    const renamed = current.map((tag) => (tag === change.from ? change.into : tag));
    current = [...new Set(renamed.filter((tag): tag is string => tag !== null))];
  }
  return current;
}
