import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ListNotificationsUseCase } from './list-notifications.use-case';
import { MarkAllNotificationsReadUseCase } from './mark-all-notifications-read.use-case';
import { MarkNotificationReadUseCase } from './mark-notification-read.use-case';

@Controller()
export class NotificationRpcController {
  constructor(
    private readonly listNotifications: ListNotificationsUseCase,
    private readonly markNotificationRead: MarkNotificationReadUseCase,
    private readonly markAllNotificationsRead: MarkAllNotificationsReadUseCase,
  ) {}

  @MessagePattern(messagingRpc.listNotifications.type)
  list(
    @Payload() request: RpcRequest<typeof messagingRpc.listNotifications>,
  ): Promise<RpcResponse<typeof messagingRpc.listNotifications>> {
    return this.listNotifications.execute(request);
  }

  @MessagePattern(messagingRpc.markNotificationRead.type)
  read(
    @Payload() request: RpcRequest<typeof messagingRpc.markNotificationRead>,
  ): Promise<RpcResponse<typeof messagingRpc.markNotificationRead>> {
    return this.markNotificationRead.execute(request);
  }

  @MessagePattern(messagingRpc.markAllNotificationsRead.type)
  readAll(
    @Payload() request: RpcRequest<typeof messagingRpc.markAllNotificationsRead>,
  ): Promise<RpcResponse<typeof messagingRpc.markAllNotificationsRead>> {
    return this.markAllNotificationsRead.execute(request);
  }
}
