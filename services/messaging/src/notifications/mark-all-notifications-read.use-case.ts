import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { NotificationRepository } from './notification.repository';

/** Marks every unread notification of the caller read; answers how many changed. */
@Injectable()
export class MarkAllNotificationsReadUseCase {
  constructor(private readonly notifications: NotificationRepository) {}

  async execute(
    request: RpcRequest<typeof messagingRpc.markAllNotificationsRead>,
  ): Promise<RpcResponse<typeof messagingRpc.markAllNotificationsRead>> {
    return { updated: await this.notifications.markAllRead(request.userId) };
  }
}
