import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { AuthenticateSessionUseCase } from '../use-cases/authenticate-session.use-case';
import { ListSessionsUseCase } from '../use-cases/list-sessions.use-case';
import { RevokeAllSessionsUseCase } from '../use-cases/revoke-all-sessions.use-case';
import { RevokeSessionUseCase } from '../use-cases/revoke-session.use-case';
import { DependencyUnavailableFilter } from './dependency-unavailable.filter';

@UseFilters(DependencyUnavailableFilter)
@Controller()
export class SessionRpcController {
  constructor(
    private readonly authenticateSession: AuthenticateSessionUseCase,
    private readonly listSessions: ListSessionsUseCase,
    private readonly revokeSession: RevokeSessionUseCase,
    private readonly revokeAllSessions: RevokeAllSessionsUseCase,
  ) {}

  @MessagePattern(authRpc.authenticateSession.type)
  authenticate(
    @Payload() request: RpcRequest<typeof authRpc.authenticateSession>,
  ): Promise<RpcResponse<typeof authRpc.authenticateSession>> {
    return this.authenticateSession.execute(request);
  }

  @MessagePattern(authRpc.listSessions.type)
  list(
    @Payload() request: RpcRequest<typeof authRpc.listSessions>,
  ): Promise<RpcResponse<typeof authRpc.listSessions>> {
    return this.listSessions.execute(request);
  }

  @MessagePattern(authRpc.revokeSession.type)
  revoke(
    @Payload() request: RpcRequest<typeof authRpc.revokeSession>,
  ): Promise<RpcResponse<typeof authRpc.revokeSession>> {
    return this.revokeSession.execute(request);
  }

  @MessagePattern(authRpc.revokeAllSessions.type)
  revokeAll(
    @Payload() request: RpcRequest<typeof authRpc.revokeAllSessions>,
  ): Promise<RpcResponse<typeof authRpc.revokeAllSessions>> {
    return this.revokeAllSessions.execute(request);
  }
}
