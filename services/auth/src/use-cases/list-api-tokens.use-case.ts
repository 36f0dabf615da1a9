import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ApiTokenRepository } from '../repositories/api-token.repository';
import { toApiTokenView } from '../views/api-token-views';

@Injectable()
export class ListApiTokensUseCase {
  constructor(private readonly tokens: ApiTokenRepository) {}

  async execute(
    request: RpcRequest<typeof authRpc.listTokens>,
  ): Promise<RpcResponse<typeof authRpc.listTokens>> {
    return { items: (await this.tokens.listUnrevoked(request.userId)).map(toApiTokenView) };
  }
}
