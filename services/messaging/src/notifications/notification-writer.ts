import { Injectable } from '@nestjs/common';
import { type MessageView, messagingEvent, type NotificationKind } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { NotificationRepository } from './notification.repository';

export interface NotificationItem {
  userId: string;
  kind: NotificationKind;
  conversationId: string;
  messageId: string | null;
  actorId: string;
  preview: string;
}

/** Longest preview stored: enough for a line in a notification list. */
export const PREVIEW_MAX_LENGTH = 140;

/** A one-line preview: whitespace collapsed, cut at {@link PREVIEW_MAX_LENGTH} with an ellipsis. */
export function previewOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= PREVIEW_MAX_LENGTH ? line : `${line.slice(0, PREVIEW_MAX_LENGTH - 1)}…`;
}

/**
 * Stores notifications and emits `notification.created` for each through the outbox, in the caller's
 * transaction. A direct message while an unread direct-message notification of that conversation exists
 * updates that one (same id) and emits it again. Call it after the writes it describes (it appends to the
 * outbox, which stays locked to commit).
 */
@Injectable()
export class NotificationWriter {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Notifications about an edited or deleted message preview it as it is now (nothing once deleted). */
  refreshPreviews(manager: EntityManager, message: MessageView): Promise<void> {
    const preview = message.deletedAt === null ? previewOf(message.body) : '';
    return this.notifications.setPreviewOfMessage(manager, message.id, preview);
  }

  async notify(manager: EntityManager, items: NotificationItem[]): Promise<void> {
    for (const item of items) {
      const row = { ...item, id: uuidv7(), preview: previewOf(item.preview) };
      const notification =
        item.kind === 'direct_message'
          ? await this.notifications.upsertUnreadDirect(manager, row)
          : await this.notifications.insert(manager, row);
      await this.outbox.emit(
        manager,
        messagingEvent.notificationCreated,
        { userId: item.userId, notification },
        { actor: item.actorId },
      );
    }
  }
}
