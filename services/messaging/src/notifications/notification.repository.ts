import { Injectable } from '@nestjs/common';
import { type NotificationKind, type NotificationView } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';

export interface NewNotification {
  id: string;
  userId: string;
  kind: NotificationKind;
  conversationId: string;
  messageId: string | null;
  actorId: string;
  preview: string;
}

/** Where a page of notifications (newest first) continues. */
export interface NotificationCursor {
  createdAt: string;
  id: string;
}

interface Row {
  id: string;
  kind: NotificationKind;
  conversation_id: string;
  message_id: string | null;
  actor_id: string;
  preview: string;
  created_at: Date;
  read_at: Date | null;
}

export function toNotificationView(row: Row): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    conversationId: row.conversation_id,
    messageId: row.message_id,
    actorId: row.actor_id,
    preview: row.preview,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}

const COLUMNS = 'id, kind, conversation_id, message_id, actor_id, preview, created_at, read_at';

/** Every SQL on `messaging.notifications`. */
@Injectable()
export class NotificationRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private runner(manager?: EntityManager): EntityManager {
    return manager ?? this.connector.dataSource.manager;
  }

  async insert(manager: EntityManager, notification: NewNotification): Promise<NotificationView> {
    const rows = await manager.query<Row[]>(
      `INSERT INTO messaging.notifications (id, user_id, kind, conversation_id, message_id, actor_id, preview)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${COLUMNS}`,
      [
        notification.id,
        notification.userId,
        notification.kind,
        notification.conversationId,
        notification.messageId,
        notification.actorId,
        notification.preview,
      ],
    );
    return toNotificationView(rows[0]);
  }

  /**
   * A direct-message notification: while an unread one of the conversation exists it is brought up to date
   * (message, sender, preview, time; same id) instead of a second one being added.
   */
  async upsertUnreadDirect(manager: EntityManager, notification: NewNotification): Promise<NotificationView> {
    const rows = await manager.query<Row[]>(
      `INSERT INTO messaging.notifications (id, user_id, kind, conversation_id, message_id, actor_id, preview)
       VALUES ($1, $2, 'direct_message', $3, $4, $5, $6)
       ON CONFLICT (user_id, conversation_id) WHERE kind = 'direct_message' AND read_at IS NULL
       DO UPDATE SET message_id = excluded.message_id, actor_id = excluded.actor_id,
                     preview = excluded.preview, created_at = excluded.created_at
       RETURNING ${COLUMNS}`,
      [
        notification.id,
        notification.userId,
        notification.conversationId,
        notification.messageId,
        notification.actorId,
        notification.preview,
      ],
    );
    return toNotificationView(rows[0]);
  }

  /** One page, newest first; fetches one extra row so the caller knows whether more follow. */
  async list(page: {
    userId: string;
    unread?: boolean;
    after?: NotificationCursor;
    limit: number;
  }): Promise<NotificationView[]> {
    const rows = await this.runner().query<Row[]>(
      `SELECT ${COLUMNS} FROM messaging.notifications
        WHERE user_id = $1
          AND ($2::boolean IS NULL OR (read_at IS NULL) = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $5`,
      [
        page.userId,
        page.unread ?? null,
        page.after?.createdAt ?? null,
        page.after?.id ?? null,
        page.limit + 1,
      ],
    );
    return rows.map(toNotificationView);
  }

  async unreadCount(userId: string): Promise<number> {
    const rows = await this.runner().query<{ n: string }[]>(
      'SELECT count(*) AS n FROM messaging.notifications WHERE user_id = $1 AND read_at IS NULL',
      [userId],
    );
    return Number(rows[0].n);
  }

  /** Marks it read (once: a second call keeps the first time); null when it is not the user's. */
  async markRead(userId: string, id: string): Promise<NotificationView | null> {
    const rows = await this.runner().query<[Row[], number]>(
      `UPDATE messaging.notifications
          SET read_at = COALESCE(read_at, date_trunc('milliseconds', now()))
        WHERE user_id = $1 AND id = $2
        RETURNING ${COLUMNS}`,
      [userId, id],
    );
    const row = rows[0][0];
    return row === undefined ? null : toNotificationView(row);
  }

  /** The preview of every notification about the message. */
  async setPreviewOfMessage(manager: EntityManager, messageId: string, preview: string): Promise<void> {
    await this.runner(manager).query(
      'UPDATE messaging.notifications SET preview = $2 WHERE message_id = $1',
      [messageId, preview],
    );
  }

  /** Marks every unread one read; answers how many. */
  async markAllRead(userId: string): Promise<number> {
    const [, count] = await this.runner().query<[unknown, number]>(
      `UPDATE messaging.notifications SET read_at = date_trunc('milliseconds', now())
        WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return count;
  }
}
