import { Inject, Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { SESSION_STORE, type SessionStore } from '@tracera/sessions';
import { SessionLifecycle } from '../sessions/session-lifecycle.service';

@Injectable()
export class ListSessionsUseCase {
  constructor(
    @Inject(SESSION_STORE) private readonly store: SessionStore,
    private readonly sessions: SessionLifecycle,
  ) {}

  async execute(
    request: RpcRequest<typeof authRpc.listSessions>,
  ): Promise<RpcResponse<typeof authRpc.listSessions>> {
    const records = await this.store.list(request.userId);
    return {
      items: records.map((record) => ({
        id: record.id,
        current: record.id === request.currentSessionId,
        userAgent: record.userAgent,
        ip: record.ip,
        createdAt: new Date(record.createdAt).toISOString(),
        lastActiveAt: new Date(record.lastActiveAt).toISOString(),
        expiresAt: this.sessions.expiresAt(record),
      })),
    };
  }
}
