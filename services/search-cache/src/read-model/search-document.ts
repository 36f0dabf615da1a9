import {
  type BookmarkView,
  type FileView,
  type ItemType,
  type NoteView,
  type TaskView,
} from '@tracera/contracts';

/** One item flattened into the read model's columns. */
export interface SearchDocument {
  type: ItemType;
  id: string;
  userId: string;
  version: number;
  title: string;
  body: string;
  tags: string[];
  collectionId: string | null;
  url: string | null;
  taskStatus: string | null;
  favorite: boolean | null;
  read: boolean | null;
  archived: boolean | null;
  pinned: boolean | null;
  updatedAt: string;
}

export type IndexedView =
  | { type: 'bookmark'; item: BookmarkView }
  | { type: 'note'; item: NoteView }
  | { type: 'task'; item: TaskView }
  | { type: 'file'; item: FileView };

const NO_FLAGS = { url: null, taskStatus: null, favorite: null, read: null, archived: null, pinned: null };

/** What search indexes of an item: its title, its searchable text, its tags and the columns `is:` filters on. */
export function toSearchDocument(userId: string, indexed: IndexedView): SearchDocument {
  const { item } = indexed;
  const base = {
    id: item.id,
    userId,
    version: item.version,
    tags: item.tags,
    collectionId: item.collectionId,
    updatedAt: item.updatedAt,
  };
  switch (indexed.type) {
    case 'bookmark':
      // The URL is searchable too (a domain is what people remember), after the description.
      return {
        ...base,
        ...NO_FLAGS,
        type: 'bookmark',
        title: indexed.item.title,
        body: [indexed.item.description, indexed.item.url].filter(Boolean).join('\n'),
        url: indexed.item.url,
        favorite: indexed.item.favorite,
        read: indexed.item.read,
        archived: indexed.item.archived,
      };
    case 'note':
      return {
        ...base,
        ...NO_FLAGS,
        type: 'note',
        title: indexed.item.title,
        body: indexed.item.body,
        pinned: indexed.item.pinned,
      };
    case 'task':
      return {
        ...base,
        ...NO_FLAGS,
        type: 'task',
        title: indexed.item.title,
        body: indexed.item.description,
        taskStatus: indexed.item.status,
      };
    case 'file':
      return { ...base, ...NO_FLAGS, type: 'file', title: indexed.item.name, body: indexed.item.description };
  }
}
