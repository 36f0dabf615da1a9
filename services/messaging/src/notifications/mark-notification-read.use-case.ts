import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { NotificationRepository } from './notification.repository';

/** Marks one of the caller's notifications read (again is a no-op); somebody else's is NOT_FOUND. */
@Injectable()
export class MarkNotificationReadUseCase {
  constructor(private readonly notifications: NotificationRepository) {}

  async execute(
    request: RpcRequest<typeof messagingRpc.markNotificationRead>,
  ): Promise<RpcResponse<typeof messagingRpc.markNotificationRead>> {
    const notification = await this.notifications.markRead(request.userId, request.id);
    if (notification === null) throw notFound('notification');
    return { notification };
  }
}
