import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { RpcError } from '@tracera/streams';
import { SessionLifecycle } from '../sessions/session-lifecycle.service';

/** Ends one of the user's sessions (sign-out, or revoking another device); someone else's is NOT_FOUND. */
@Injectable()
export class RevokeSessionUseCase {
  constructor(private readonly sessions: SessionLifecycle) {}

  async execute(
    request: RpcRequest<typeof authRpc.revokeSession>,
  ): Promise<RpcResponse<typeof authRpc.revokeSession>> {
    if (!(await this.sessions.revokeOne(request.userId, request.sessionId, request.reason))) {
      throw new RpcError('NOT_FOUND', 'no such session');
    }
    return {};
  }
}
