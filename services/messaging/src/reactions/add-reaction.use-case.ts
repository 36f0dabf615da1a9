import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ChangeReaction } from './change-reaction';

/** `reaction.add`: a member reacts to a message of the conversation (not to a deleted one: CONFLICT). */
@Injectable()
export class AddReactionUseCase {
  constructor(private readonly change: ChangeReaction) {}

  execute(
    request: RpcRequest<typeof messagingRpc.addReaction>,
  ): Promise<RpcResponse<typeof messagingRpc.addReaction>> {
    return this.change.apply(request, 'reaction:added');
  }
}
