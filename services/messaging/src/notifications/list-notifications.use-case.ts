import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { decodeTimeCursor, encodeTimeCursor } from '../conversations/conversation-cursor';
import { NotificationRepository } from './notification.repository';

type Request = RpcRequest<typeof messagingRpc.listNotifications>;
type Response = RpcResponse<typeof messagingRpc.listNotifications>;

/** The caller's notifications, newest first (`unread` filters), with how many are unread in all. */
@Injectable()
export class ListNotificationsUseCase {
  constructor(private readonly notifications: NotificationRepository) {}

  async execute(request: Request): Promise<Response> {
    const after = decodeTimeCursor(request.cursor);
    const rows = await this.notifications.list({
      userId: request.userId,
      unread: request.unread,
      after: after && { createdAt: after.at, id: after.id },
      limit: request.limit,
    });
    const items = rows.slice(0, request.limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > request.limit && last ? encodeTimeCursor({ at: last.createdAt, id: last.id }) : null,
      unreadCount: await this.notifications.unreadCount(request.userId),
    };
  }
}
