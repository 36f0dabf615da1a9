import { type CollectionEntity } from './collection.entity';
import { collectionPaths } from './collection-paths';

function collection(id: string, name: string, parentId: string | null): CollectionEntity {
  return { id, name, parentId, userId: 'u', version: 1, createdAt: new Date(), updatedAt: new Date() };
}

describe('collectionPaths', () => {
  it('names every collection by its ancestors, top down', () => {
    const paths = collectionPaths([
      collection('c', 'Rust', 'b'),
      collection('a', 'Top', null),
      collection('b', 'Dev', 'a'),
    ]);
    expect(paths.get('c')).toEqual(['Top', 'Dev', 'Rust']);
    expect(paths.get('a')).toEqual(['Top']);
  });

  it('does not hang on a loop', () => {
    const paths = collectionPaths([collection('a', 'A', 'b'), collection('b', 'B', 'a')]);
    expect(paths.get('a')?.at(-1)).toBe('A');
  });
});
