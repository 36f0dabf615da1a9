import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ChangeReaction } from './change-reaction';

/** `reaction.remove`: a member takes back their own reaction. */
@Injectable()
export class RemoveReactionUseCase {
  constructor(private readonly change: ChangeReaction) {}

  execute(
    request: RpcRequest<typeof messagingRpc.removeReaction>,
  ): Promise<RpcResponse<typeof messagingRpc.removeReaction>> {
    return this.change.apply(request, 'reaction:removed');
  }
}
