import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { contentEvent, type EventData, type ItemType } from '@tracera/contracts';
import { type StreamsContext } from '@tracera/streams';
import { type ItemChange, type ItemSnapshotView } from '../../recommendations/items-read-model';
import * as mapping from '../activity-mapping';
import { ActivityBatcher } from '../activity-batcher';
import { bookmarkSnapshot, fileSnapshot, noteSnapshot, taskSnapshot } from '../item-snapshots';

type Data<C> = EventData<C>;

/** The item as the event shows it, touched at the event's time. */
function snapshotChange(
  userId: string,
  type: ItemType,
  view: ItemSnapshotView,
  context: StreamsContext,
): ItemChange {
  return { kind: 'snapshot', userId, type, view, touchedAt: new Date(context.getEnvelope().ts) };
}

/**
 * Content events: saved, created, updated and completed items are activity; every snapshot, deletion and tag
 * change also shapes the items read model recommendations use (both are idempotent, so a retry is harmless);
 * both go through the batcher, so one transaction writes a whole stream read's activity and item changes.
 */
@Controller()
export class ContentEventsController {
  constructor(private readonly activity: ActivityBatcher) {}

  @EventPattern(contentEvent.bookmarkCreated.type)
  async bookmarkCreated(
    @Payload() data: Data<typeof contentEvent.bookmarkCreated>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    await this.activity.record(
      mapping.bookmarkCreated(context.getEnvelope(), data),
      snapshotChange(data.userId, 'bookmark', bookmarkSnapshot(data.bookmark), context),
    );
  }

  @EventPattern(contentEvent.bookmarkUpdated.type)
  async bookmarkUpdated(
    @Payload() data: Data<typeof contentEvent.bookmarkUpdated>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    await this.activity.record(
      mapping.bookmarkUpdated(context.getEnvelope(), data),
      snapshotChange(data.userId, 'bookmark', bookmarkSnapshot(data.bookmark), context),
    );
  }

  @EventPattern(contentEvent.bookmarkDeleted.type)
  bookmarkDeleted(@Payload() data: Data<typeof contentEvent.bookmarkDeleted>): Promise<void> {
    return this.activity.record(null, {
      kind: 'deletion',
      userId: data.userId,
      type: 'bookmark',
      id: data.id,
      version: data.version,
    });
  }

  @EventPattern(contentEvent.noteCreated.type)
  async noteCreated(
    @Payload() data: Data<typeof contentEvent.noteCreated>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    await this.activity.record(
      mapping.noteCreated(context.getEnvelope(), data),
      snapshotChange(data.userId, 'note', noteSnapshot(data.note), context),
    );
  }

  @EventPattern(contentEvent.noteUpdated.type)
  async noteUpdated(
    @Payload() data: Data<typeof contentEvent.noteUpdated>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    await this.activity.record(
      mapping.noteUpdated(context.getEnvelope(), data),
      snapshotChange(data.userId, 'note', noteSnapshot(data.note), context),
    );
  }

  @EventPattern(contentEvent.noteDeleted.type)
  noteDeleted(@Payload() data: Data<typeof contentEvent.noteDeleted>): Promise<void> {
    return this.activity.record(null, {
      kind: 'deletion',
      userId: data.userId,
      type: 'note',
      id: data.id,
      version: data.version,
    });
  }

  @EventPattern(contentEvent.taskCreated.type)
  async taskCreated(
    @Payload() data: Data<typeof contentEvent.taskCreated>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    await this.activity.record(
      mapping.taskCreated(context.getEnvelope(), data),
      snapshotChange(data.userId, 'task', taskSnapshot(data.task), context),
    );
  }

  @EventPattern(contentEvent.taskUpdated.type)
  async taskUpdated(
    @Payload() data: Data<typeof contentEvent.taskUpdated>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    const fact = mapping.taskUpdated(context.getEnvelope(), data);
    await this.activity.record(fact, snapshotChange(data.userId, 'task', taskSnapshot(data.task), context));
  }

  @EventPattern(contentEvent.taskCompleted.type)
  async taskCompleted(
    @Payload() data: Data<typeof contentEvent.taskCompleted>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    await this.activity.record(
      mapping.taskCompleted(context.getEnvelope(), data),
      snapshotChange(data.userId, 'task', taskSnapshot(data.task), context),
    );
  }

  @EventPattern(contentEvent.taskDeleted.type)
  taskDeleted(@Payload() data: Data<typeof contentEvent.taskDeleted>): Promise<void> {
    return this.activity.record(null, {
      kind: 'deletion',
      userId: data.userId,
      type: 'task',
      id: data.id,
      version: data.version,
    });
  }

  @EventPattern(contentEvent.fileUploaded.type)
  async fileUploaded(
    @Payload() data: Data<typeof contentEvent.fileUploaded>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    await this.activity.record(
      mapping.fileUploaded(context.getEnvelope(), data),
      snapshotChange(data.userId, 'file', fileSnapshot(data.file), context),
    );
  }

  // Editing a file's name or tags is no activity, but recommendations see the new title and tags.
  @EventPattern(contentEvent.fileUpdated.type)
  fileUpdated(
    @Payload() data: Data<typeof contentEvent.fileUpdated>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    return this.activity.record(null, snapshotChange(data.userId, 'file', fileSnapshot(data.file), context));
  }

  @EventPattern(contentEvent.fileDeleted.type)
  fileDeleted(@Payload() data: Data<typeof contentEvent.fileDeleted>): Promise<void> {
    return this.activity.record(null, {
      kind: 'deletion',
      userId: data.userId,
      type: 'file',
      id: data.id,
      version: data.version,
    });
  }

  @EventPattern(contentEvent.tagRenamed.type)
  tagRenamed(@Payload() data: Data<typeof contentEvent.tagRenamed>): Promise<void> {
    return this.activity.record(null, {
      kind: 'tag',
      userId: data.userId,
      from: data.oldName,
      into: data.newName,
    });
  }

  @EventPattern(contentEvent.tagMerged.type)
  tagMerged(@Payload() data: Data<typeof contentEvent.tagMerged>): Promise<void> {
    return this.activity.record(null, {
      kind: 'tag',
      userId: data.userId,
      from: data.fromName,
      into: data.intoName,
    });
  }

  @EventPattern(contentEvent.tagDeleted.type)
  tagDeleted(@Payload() data: Data<typeof contentEvent.tagDeleted>): Promise<void> {
    return this.activity.record(null, { kind: 'tag', userId: data.userId, from: data.name, into: null });
  }
}
