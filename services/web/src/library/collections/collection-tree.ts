/** The fields of a collection the tree needs; the API's collection has more. */
export interface CollectionLike {
  id: string;
  name: string;
  parentId: string | null;
}

export interface CollectionNode<C extends CollectionLike> {
  collection: C;
  /** 0 for a top-level collection. */
  depth: number;
  children: CollectionNode<C>[];
}

/** One row of the tree read top to bottom, e.g. for a `<select>` indented by `depth`. */
export interface CollectionRow<C extends CollectionLike> {
  collection: C;
  depth: number;
}

const byName = (a: CollectionLike, b: CollectionLike) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);

/**
 * The nested tree of a flat list (`parentId` links), siblings sorted by name. A collection whose parent is
 * missing from the list becomes a root, and so does the first member met of a parent cycle, so every
 * collection appears exactly once whatever the data says.
 */
export function buildCollectionTree<C extends CollectionLike>(
  collections: readonly C[],
): CollectionNode<C>[] {
  const ids = new Set(collections.map((collection) => collection.id));
  const childrenOf = new Map<string | null, C[]>();
  for (const collection of collections) {
    const parent = collection.parentId !== null && ids.has(collection.parentId) ? collection.parentId : null;
    const siblings = childrenOf.get(parent) ?? [];
    siblings.push(collection);
    childrenOf.set(parent, siblings);
  }
  const placed = new Set<string>();
  const grow = (collection: C, depth: number): CollectionNode<C> => {
    placed.add(collection.id);
    const children = (childrenOf.get(collection.id) ?? [])
      .filter((child) => !placed.has(child.id))
      .sort(byName)
      .map((child) => grow(child, depth + 1));
    return { collection, depth, children };
  };
  const roots = (childrenOf.get(null) ?? []).sort(byName).map((root) => grow(root, 0));
  // What is left only hangs from a cycle: cut it at its first member (by name) and keep going.
  for (const collection of [...collections].sort(byName)) {
    if (!placed.has(collection.id)) roots.push(grow(collection, 0));
  }
  return roots;
}

/** The tree in reading order (depth first), each collection with its depth. */
export function flattenCollectionTree<C extends CollectionLike>(
  roots: readonly CollectionNode<C>[],
): CollectionRow<C>[] {
  const rows: CollectionRow<C>[] = [];
  const visit = (node: CollectionNode<C>) => {
    rows.push({ collection: node.collection, depth: node.depth });
    node.children.forEach(visit);
  };
  roots.forEach(visit);
  return rows;
}

/** The ids of a collection and of every collection inside it: what cannot become its parent. */
export function selfAndDescendantIds<C extends CollectionLike>(
  roots: readonly CollectionNode<C>[],
  id: string,
): Set<string> {
  const found = new Set<string>();
  const collect = (node: CollectionNode<C>) => {
    found.add(node.collection.id);
    node.children.forEach(collect);
  };
  const search = (nodes: readonly CollectionNode<C>[]): boolean =>
    nodes.some((node) => {
      if (node.collection.id !== id) return search(node.children);
      collect(node);
      return true;
    });
  search(roots);
  return found;
}

/** "Reading › Articles": the names from the top-level collection down to this one. */
export function collectionPath<C extends CollectionLike>(collections: readonly C[], id: string): string {
  const byId = new Map(collections.map((collection) => [collection.id, collection]));
  const names: string[] = [];
  const seen = new Set<string>();
  let current = byId.get(id);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return names.join(' › ');
}
