import { Module } from '@nestjs/common';
import { PostgresAccountReader } from './account/account-reader';
import { FilePagesRepository } from './account/file-pages.repository';
import { ApplyPageMetadataUseCase } from './bookmarks/apply-page-metadata.use-case';
import { PostgresBookmarkImporter } from './bookmarks/bookmark-importer';
import { BookmarkMetadataWorker } from './bookmarks/bookmark-metadata.worker';
import { BookmarkRepository } from './bookmarks/bookmark.repository';
import { BookmarkRpcController } from './bookmarks/bookmark.rpc-controller';
import { CreateBookmarkUseCase } from './bookmarks/create-bookmark.use-case';
import { DeleteBookmarkUseCase } from './bookmarks/delete-bookmark.use-case';
import { GetBookmarkUseCase } from './bookmarks/get-bookmark.use-case';
import { ListBookmarksUseCase } from './bookmarks/list-bookmarks.use-case';
import { UpdateBookmarkUseCase } from './bookmarks/update-bookmark.use-case';
import { CollectionRepository } from './collections/collection.repository';
import { CollectionRpcController } from './collections/collection.rpc-controller';
import { CreateCollectionUseCase } from './collections/create-collection.use-case';
import { DeleteCollectionUseCase } from './collections/delete-collection.use-case';
import { GetCollectionUseCase } from './collections/get-collection.use-case';
import { ListCollectionsUseCase } from './collections/list-collections.use-case';
import { UpdateCollectionUseCase } from './collections/update-collection.use-case';
import { ContentIndexRpcController } from './content-index/content-index.rpc-controller';
import { IndexPageUseCase } from './content-index/index-page.use-case';
import { filesParts } from './files/files.parts';
import { IdempotencyKeyPurger } from './idempotency/idempotency-key.purger';
import { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
import { ItemChanges } from './items/item-changes';
import { IdempotentCreate } from './idempotency/idempotent-create';
import { CreateNoteUseCase } from './notes/create-note.use-case';
import { DeleteNoteUseCase } from './notes/delete-note.use-case';
import { GetNoteUseCase } from './notes/get-note.use-case';
import { ListNotesUseCase } from './notes/list-notes.use-case';
import { NoteRepository } from './notes/note.repository';
import { NoteRpcController } from './notes/note.rpc-controller';
import { UpdateNoteUseCase } from './notes/update-note.use-case';
import { CreateTagUseCase } from './tags/create-tag.use-case';
import { DeleteTagUseCase } from './tags/delete-tag.use-case';
import { GetTagUseCase } from './tags/get-tag.use-case';
import { ItemTagsRepository } from './tags/item-tags.repository';
import { ListTagsUseCase } from './tags/list-tags.use-case';
import { MergeTagUseCase } from './tags/merge-tag.use-case';
import { RenameTagUseCase } from './tags/rename-tag.use-case';
import { TagRepository } from './tags/tag.repository';
import { TagRpcController } from './tags/tag.rpc-controller';
import { CreateTaskUseCase } from './tasks/create-task.use-case';
import { DeleteTaskUseCase } from './tasks/delete-task.use-case';
import { GetTaskUseCase } from './tasks/get-task.use-case';
import { ListTasksUseCase } from './tasks/list-tasks.use-case';
import { SubtaskRules } from './tasks/subtask-rules';
import { TaskRepository } from './tasks/task.repository';
import { TaskRpcController } from './tasks/task.rpc-controller';
import { UpdateTaskUseCase } from './tasks/update-task.use-case';
import { AccountReader, BookmarkImporter } from './transfers/transfer-ports';
import { transfersParts } from './transfers/transfers.parts';
import { PageMetadataFetcher } from './web-pages/page-metadata.fetcher';

/**
 * The content service's features: bookmarks, notes, tasks, files, tags and collections, import/export jobs
 * and the search index source. Health, metrics, Redis, Postgres and the outbox come from the platform.
 */
@Module({
  controllers: [
    BookmarkRpcController,
    NoteRpcController,
    TaskRpcController,
    TagRpcController,
    CollectionRpcController,
    ContentIndexRpcController,
    ...filesParts.controllers,
    ...transfersParts.controllers,
  ],
  providers: [
    IdempotencyKeyRepository,
    IdempotentCreate,
    IdempotencyKeyPurger,
    CollectionRepository,
    TagRepository,
    ItemTagsRepository,
    ItemChanges,
    BookmarkRepository,
    NoteRepository,
    TaskRepository,
    FilePagesRepository,
    PageMetadataFetcher,
    BookmarkMetadataWorker,
    ApplyPageMetadataUseCase,
    CreateBookmarkUseCase,
    GetBookmarkUseCase,
    ListBookmarksUseCase,
    UpdateBookmarkUseCase,
    DeleteBookmarkUseCase,
    CreateNoteUseCase,
    GetNoteUseCase,
    ListNotesUseCase,
    UpdateNoteUseCase,
    DeleteNoteUseCase,
    SubtaskRules,
    CreateTaskUseCase,
    GetTaskUseCase,
    ListTasksUseCase,
    UpdateTaskUseCase,
    DeleteTaskUseCase,
    ListTagsUseCase,
    CreateTagUseCase,
    GetTagUseCase,
    RenameTagUseCase,
    MergeTagUseCase,
    DeleteTagUseCase,
    ListCollectionsUseCase,
    CreateCollectionUseCase,
    GetCollectionUseCase,
    UpdateCollectionUseCase,
    DeleteCollectionUseCase,
    IndexPageUseCase,
    { provide: BookmarkImporter, useClass: PostgresBookmarkImporter },
    { provide: AccountReader, useClass: PostgresAccountReader },
    ...filesParts.providers,
    ...transfersParts.providers,
  ],
})
export class ContentModule {}
