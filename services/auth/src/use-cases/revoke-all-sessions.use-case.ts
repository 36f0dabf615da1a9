import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { SessionLifecycle } from '../sessions/session-lifecycle.service';

/** "Sign out everywhere": every session of the user ends, the one asking included. */
@Injectable()
export class RevokeAllSessionsUseCase {
  constructor(private readonly sessions: SessionLifecycle) {}

  async execute(
    request: RpcRequest<typeof authRpc.revokeAllSessions>,
  ): Promise<RpcResponse<typeof authRpc.revokeAllSessions>> {
    const ended = await this.sessions.revokeAll(request.userId, 'signed_out_everywhere', request.userId);
    return { revoked: ended.length };
  }
}
