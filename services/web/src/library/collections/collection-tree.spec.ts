import {
  buildCollectionTree,
  type CollectionLike,
  collectionPath,
  flattenCollectionTree,
  selfAndDescendantIds,
} from './collection-tree';

const collection = (id: string, name: string, parentId: string | null = null): CollectionLike => ({
  id,
  name,
  parentId,
});

const rowsOf = (collections: CollectionLike[]) =>
  flattenCollectionTree(buildCollectionTree(collections)).map(
    (row) => `${'-'.repeat(row.depth)}${row.collection.name}`,
  );

describe('buildCollectionTree', () => {
  it('nests children under their parent, siblings by name, whatever the input order', () => {
    const flat = [
      collection('c', 'Deep', 'b'),
      collection('t', 'tools'),
      collection('b', 'Articles', 'a'),
      collection('a', 'Reading'),
      collection('v', 'Videos', 'a'),
    ];
    expect(rowsOf(flat)).toEqual(['Reading', '-Articles', '--Deep', '-Videos', 'tools']);
  });

  it('makes a collection whose parent is not in the list a root', () => {
    expect(rowsOf([collection('b', 'Orphan', 'gone'), collection('a', 'Home')])).toEqual(['Home', 'Orphan']);
  });

  it('shows every member of a parent cycle once instead of looping', () => {
    const flat = [
      collection('x', 'Xeno', 'y'),
      collection('y', 'Yak', 'x'),
      collection('s', 'Self', 's'),
      collection('r', 'Root'),
    ];
    const rows = rowsOf(flat);
    expect(rows).toEqual(['Root', 'Self', 'Xeno', '-Yak']);
  });

  it('answers an empty tree for no collections', () => {
    expect(buildCollectionTree([])).toEqual([]);
  });
});

describe('selfAndDescendantIds', () => {
  it('lists the collection and everything inside it, not its siblings or parent', () => {
    const tree = buildCollectionTree([
      collection('a', 'A'),
      collection('b', 'B', 'a'),
      collection('c', 'C', 'b'),
      collection('d', 'D', 'a'),
    ]);
    expect([...selfAndDescendantIds(tree, 'b')].sort()).toEqual(['b', 'c']);
    expect([...selfAndDescendantIds(tree, 'a')].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(selfAndDescendantIds(tree, 'missing').size).toBe(0);
  });
});

describe('collectionPath', () => {
  const flat = [collection('a', 'Reading'), collection('b', 'Articles', 'a'), collection('x', 'X', 'x')];

  it('names the collection after its ancestors', () => {
    expect(collectionPath(flat, 'b')).toBe('Reading › Articles');
  });

  it('stops at a cycle and answers empty for an unknown id', () => {
    expect(collectionPath(flat, 'x')).toBe('X');
    expect(collectionPath(flat, 'nope')).toBe('');
  });
});
