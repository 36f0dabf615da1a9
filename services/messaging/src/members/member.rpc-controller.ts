import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { AddMembersUseCase } from './add-members.use-case';
import { RemoveMemberUseCase } from './remove-member.use-case';

@Controller()
export class MemberRpcController {
  constructor(
    private readonly addMembers: AddMembersUseCase,
    private readonly removeMember: RemoveMemberUseCase,
  ) {}

  @MessagePattern(messagingRpc.addMembers.type)
  add(
    @Payload() request: RpcRequest<typeof messagingRpc.addMembers>,
  ): Promise<RpcResponse<typeof messagingRpc.addMembers>> {
    return this.addMembers.execute(request);
  }

  @MessagePattern(messagingRpc.removeMember.type)
  remove(
    @Payload() request: RpcRequest<typeof messagingRpc.removeMember>,
  ): Promise<RpcResponse<typeof messagingRpc.removeMember>> {
    return this.removeMember.execute(request);
  }
}
