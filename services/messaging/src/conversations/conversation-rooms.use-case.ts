import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { MemberRepository } from '../members/member.repository';

/** Every conversation the user is in: the rooms the gateway joins their sockets to. */
@Injectable()
export class ConversationRoomsUseCase {
  constructor(private readonly members: MemberRepository) {}

  async execute(
    request: RpcRequest<typeof messagingRpc.conversationRooms>,
  ): Promise<RpcResponse<typeof messagingRpc.conversationRooms>> {
    return { conversationIds: await this.members.conversationIdsOf(request.userId) };
  }
}
