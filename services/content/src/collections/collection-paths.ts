import { type CollectionEntity } from './collection.entity';

/** Names of a collection and its ancestors, top down, for every collection of one user. */
export function collectionPaths(collections: readonly CollectionEntity[]): Map<string, string[]> {
  const byId = new Map(collections.map((collection) => [collection.id, collection]));
  const paths = new Map<string, string[]>();
  const pathOf = (id: string, seen: Set<string>): string[] => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const collection = byId.get(id);
    // The schema forbids loops; `seen` only guards against a corrupt row hanging the export.
    if (collection === undefined || seen.has(id)) return [];
    seen.add(id);
    const path = [
      ...(collection.parentId === null ? [] : pathOf(collection.parentId, seen)),
      collection.name,
    ];
    paths.set(id, path);
    return path;
  };
  for (const collection of collections) pathOf(collection.id, new Set());
  return paths;
}
