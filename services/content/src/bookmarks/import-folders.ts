import { collectionNameField, contentEvent } from '@tracera/contracts';
import { type EmitEvent } from '@tracera/streams';
import { type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { type CollectionRepository } from '../collections/collection.repository';
import { toCollectionView } from '../collections/collection-views';

/** Key of a collection by parent and case-folded name, as the sibling-name unique index compares them. */
function siblingKey(parentId: string | null, name: string): string {
  return `${parentId ?? ''}/${name.toLowerCase()}`;
}

/**
 * Turns an import batch's folder paths into the user's collections, reusing a collection of the same name
 * under the same parent and creating (with `collection.created`) what is missing. One per batch: it caches
 * what it saw, which is only valid inside the batch's transaction.
 */
export class ImportFolders {
  private readonly known = new Map<string, string>();
  private loaded = false;

  constructor(
    private readonly collections: CollectionRepository,
    private readonly manager: EntityManager,
    private readonly userId: string,
    private readonly emit: EmitEvent,
  ) {}

  /** The collection of a folder path (null for none); folder names that are not valid names are skipped. */
  async collectionOf(path: readonly string[]): Promise<string | null> {
    if (!this.loaded) await this.load();
    let parentId: string | null = null;
    for (const raw of path) {
      const parsed = collectionNameField.safeParse(raw.slice(0, 200));
      if (!parsed.success) continue;
      const name = parsed.data;
      const key = siblingKey(parentId, name);
      let id = this.known.get(key);
      if (id === undefined) {
        id = await this.create(parentId, name);
        this.known.set(key, id);
      }
      parentId = id;
    }
    return parentId;
  }

  private async load(): Promise<void> {
    for (const collection of await this.collections.allOfUser(this.manager, this.userId)) {
      this.known.set(siblingKey(collection.parentId, collection.name), collection.id);
    }
    this.loaded = true;
  }

  private async create(parentId: string | null, name: string): Promise<string> {
    const row = await this.collections.insert(this.manager, {
      id: uuidv7(),
      userId: this.userId,
      name,
      parentId,
    });
    this.emit(
      contentEvent.collectionCreated,
      { userId: this.userId, collection: toCollectionView(row) },
      { actor: this.userId },
    );
    return row.id;
  }
}
