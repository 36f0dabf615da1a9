import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { contentEvent, type EventData } from '@tracera/contracts';
import { type StreamsContext } from '@tracera/streams';
import { ItemChangeBatcher } from '../read-model/item-change-batcher';
import { ApplyCollectionChangeUseCase } from '../use-cases/apply-collection-change.use-case';
import { ApplyCollectionDeletionUseCase } from '../use-cases/apply-collection-deletion.use-case';
import { ApplyItemDeletionUseCase } from '../use-cases/apply-item-deletion.use-case';
import { ApplyTagChangeUseCase } from '../use-cases/apply-tag-change.use-case';

type Data<C> = EventData<C>;

/**
 * Content events that shape the search read model. Idempotent by version, so no processed-event markers.
 * Item snapshots go through the batcher, so an import's events share transactions.
 */
@Controller()
export class ContentEventsController {
  constructor(
    private readonly items: ItemChangeBatcher,
    private readonly applyDeletion: ApplyItemDeletionUseCase,
    private readonly applyTag: ApplyTagChangeUseCase,
    private readonly applyCollection: ApplyCollectionChangeUseCase,
    private readonly applyCollectionDeletion: ApplyCollectionDeletionUseCase,
  ) {}

  @EventPattern(contentEvent.bookmarkCreated.type)
  async bookmarkCreated(@Payload() data: Data<typeof contentEvent.bookmarkCreated>): Promise<void> {
    await this.items.apply(data.userId, { type: 'bookmark', item: data.bookmark });
  }

  @EventPattern(contentEvent.bookmarkUpdated.type)
  async bookmarkUpdated(@Payload() data: Data<typeof contentEvent.bookmarkUpdated>): Promise<void> {
    await this.items.apply(data.userId, { type: 'bookmark', item: data.bookmark });
  }

  @EventPattern(contentEvent.bookmarkDeleted.type)
  bookmarkDeleted(@Payload() data: Data<typeof contentEvent.bookmarkDeleted>): Promise<void> {
    return this.applyDeletion.execute('bookmark', data);
  }

  @EventPattern(contentEvent.noteCreated.type)
  async noteCreated(@Payload() data: Data<typeof contentEvent.noteCreated>): Promise<void> {
    await this.items.apply(data.userId, { type: 'note', item: data.note });
  }

  @EventPattern(contentEvent.noteUpdated.type)
  async noteUpdated(@Payload() data: Data<typeof contentEvent.noteUpdated>): Promise<void> {
    await this.items.apply(data.userId, { type: 'note', item: data.note });
  }

  @EventPattern(contentEvent.noteDeleted.type)
  noteDeleted(@Payload() data: Data<typeof contentEvent.noteDeleted>): Promise<void> {
    return this.applyDeletion.execute('note', data);
  }

  @EventPattern(contentEvent.taskCreated.type)
  async taskCreated(@Payload() data: Data<typeof contentEvent.taskCreated>): Promise<void> {
    await this.items.apply(data.userId, { type: 'task', item: data.task });
  }

  @EventPattern(contentEvent.taskUpdated.type)
  async taskUpdated(@Payload() data: Data<typeof contentEvent.taskUpdated>): Promise<void> {
    await this.items.apply(data.userId, { type: 'task', item: data.task });
  }

  // Carries the same snapshot as the task.updated before it; applying it again changes nothing.
  @EventPattern(contentEvent.taskCompleted.type)
  async taskCompleted(@Payload() data: Data<typeof contentEvent.taskCompleted>): Promise<void> {
    await this.items.apply(data.userId, { type: 'task', item: data.task });
  }

  @EventPattern(contentEvent.taskDeleted.type)
  taskDeleted(@Payload() data: Data<typeof contentEvent.taskDeleted>): Promise<void> {
    return this.applyDeletion.execute('task', data);
  }

  @EventPattern(contentEvent.fileUploaded.type)
  async fileUploaded(@Payload() data: Data<typeof contentEvent.fileUploaded>): Promise<void> {
    await this.items.apply(data.userId, { type: 'file', item: data.file });
  }

  @EventPattern(contentEvent.fileUpdated.type)
  async fileUpdated(@Payload() data: Data<typeof contentEvent.fileUpdated>): Promise<void> {
    await this.items.apply(data.userId, { type: 'file', item: data.file });
  }

  @EventPattern(contentEvent.fileDeleted.type)
  fileDeleted(@Payload() data: Data<typeof contentEvent.fileDeleted>): Promise<void> {
    return this.applyDeletion.execute('file', data);
  }

  @EventPattern(contentEvent.tagRenamed.type)
  tagRenamed(
    @Payload() data: Data<typeof contentEvent.tagRenamed>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    const changedAt = context.getEnvelope().ts;
    return this.applyTag.execute({ userId: data.userId, from: data.oldName, into: data.newName, changedAt });
  }

  @EventPattern(contentEvent.tagMerged.type)
  tagMerged(
    @Payload() data: Data<typeof contentEvent.tagMerged>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    const changedAt = context.getEnvelope().ts;
    return this.applyTag.execute({
      userId: data.userId,
      from: data.fromName,
      into: data.intoName,
      changedAt,
    });
  }

  @EventPattern(contentEvent.tagDeleted.type)
  tagDeleted(
    @Payload() data: Data<typeof contentEvent.tagDeleted>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    const changedAt = context.getEnvelope().ts;
    return this.applyTag.execute({ userId: data.userId, from: data.name, into: null, changedAt });
  }

  @EventPattern(contentEvent.collectionCreated.type)
  collectionCreated(@Payload() data: Data<typeof contentEvent.collectionCreated>): Promise<void> {
    return this.applyCollection.execute(data.userId, data.collection);
  }

  @EventPattern(contentEvent.collectionUpdated.type)
  collectionUpdated(@Payload() data: Data<typeof contentEvent.collectionUpdated>): Promise<void> {
    return this.applyCollection.execute(data.userId, data.collection);
  }

  @EventPattern(contentEvent.collectionDeleted.type)
  collectionDeleted(@Payload() data: Data<typeof contentEvent.collectionDeleted>): Promise<void> {
    return this.applyCollectionDeletion.execute(data);
  }
}
