import { Inject, Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { SESSION_STORE, type SessionStore } from '@tracera/sessions';
import { RpcError } from '@tracera/streams';
import { UserRepository } from '../repositories/user.repository';
import { SessionLifecycle } from '../sessions/session-lifecycle.service';

/** Who a session token belongs to, touching the session; unknown, expired or a disabled owner are all 401. */
@Injectable()
export class AuthenticateSessionUseCase {
  constructor(
    @Inject(SESSION_STORE) private readonly store: SessionStore,
    private readonly users: UserRepository,
    private readonly sessions: SessionLifecycle,
  ) {}

  async execute(
    request: RpcRequest<typeof authRpc.authenticateSession>,
  ): Promise<RpcResponse<typeof authRpc.authenticateSession>> {
    const record = await this.store.authenticate(request.token);
    if (record === null) throw new RpcError('UNAUTHENTICATED', 'session expired or unknown');
    const user = await this.users.findById(record.userId);
    if (user === null || user.disabledAt !== null) {
      throw new RpcError('UNAUTHENTICATED', 'session expired or unknown');
    }
    return {
      principal: { userId: user.id, role: user.role, sessionId: record.id },
      expiresAt: this.sessions.expiresAt(record),
    };
  }
}
