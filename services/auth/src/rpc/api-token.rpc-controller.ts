import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { AuthenticateApiTokenUseCase } from '../use-cases/authenticate-api-token.use-case';
import { CreateApiTokenUseCase } from '../use-cases/create-api-token.use-case';
import { ListApiTokensUseCase } from '../use-cases/list-api-tokens.use-case';
import { RevokeApiTokenUseCase } from '../use-cases/revoke-api-token.use-case';
import { DependencyUnavailableFilter } from './dependency-unavailable.filter';

@UseFilters(DependencyUnavailableFilter)
@Controller()
export class ApiTokenRpcController {
  constructor(
    private readonly createApiToken: CreateApiTokenUseCase,
    private readonly listApiTokens: ListApiTokensUseCase,
    private readonly revokeApiToken: RevokeApiTokenUseCase,
    private readonly authenticateApiToken: AuthenticateApiTokenUseCase,
  ) {}

  @MessagePattern(authRpc.createToken.type)
  create(
    @Payload() request: RpcRequest<typeof authRpc.createToken>,
  ): Promise<RpcResponse<typeof authRpc.createToken>> {
    return this.createApiToken.execute(request);
  }

  @MessagePattern(authRpc.listTokens.type)
  list(
    @Payload() request: RpcRequest<typeof authRpc.listTokens>,
  ): Promise<RpcResponse<typeof authRpc.listTokens>> {
    return this.listApiTokens.execute(request);
  }

  @MessagePattern(authRpc.revokeToken.type)
  revoke(
    @Payload() request: RpcRequest<typeof authRpc.revokeToken>,
  ): Promise<RpcResponse<typeof authRpc.revokeToken>> {
    return this.revokeApiToken.execute(request);
  }

  @MessagePattern(authRpc.authenticateToken.type)
  authenticate(
    @Payload() request: RpcRequest<typeof authRpc.authenticateToken>,
  ): Promise<RpcResponse<typeof authRpc.authenticateToken>> {
    return this.authenticateApiToken.execute(request);
  }
}
