import { type ServiceDatabase } from '@tracera/db';
import { OutboxEntry, ProcessedEvent } from '@tracera/streams';
import { BookmarkEntity } from '../bookmarks/bookmark.entity';
import { CollectionEntity } from '../collections/collection.entity';
import { filesParts } from '../files/files.parts';
import { IdempotencyKeyEntity } from '../idempotency/idempotency-key.entity';
import { NoteEntity } from '../notes/note.entity';
import { ItemTagEntity } from '../tags/item-tag.entity';
import { TagEntity } from '../tags/tag.entity';
import { TaskEntity } from '../tasks/task.entity';
import { transfersParts } from '../transfers/transfers.parts';
import { DocumentContentSchema1795400000000 } from './migrations/1795400000000-document-content-schema';
import { CreateOutbox1795500000000 } from './migrations/1795500000000-create-outbox';
import { CreateContentItems1795700000000 } from './migrations/1795700000000-create-content-items';

/** The content service's schema `content`: bookmarks, notes, tasks, files, tags and collections. */
export const contentDatabase: ServiceDatabase = {
  service: 'content',
  schema: 'content',
  entities: [
    OutboxEntry,
    ProcessedEvent,
    CollectionEntity,
    TagEntity,
    ItemTagEntity,
    BookmarkEntity,
    NoteEntity,
    TaskEntity,
    IdempotencyKeyEntity,
    ...filesParts.entities,
    ...transfersParts.entities,
  ],
  migrations: [
    DocumentContentSchema1795400000000,
    CreateOutbox1795500000000,
    CreateContentItems1795700000000,
    ...filesParts.migrations,
    ...transfersParts.migrations,
  ],
};
