import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { RpcError } from '@tracera/streams';
import { ApiTokenRepository } from '../repositories/api-token.repository';

@Injectable()
export class RevokeApiTokenUseCase {
  constructor(private readonly tokens: ApiTokenRepository) {}

  async execute(
    request: RpcRequest<typeof authRpc.revokeToken>,
  ): Promise<RpcResponse<typeof authRpc.revokeToken>> {
    if (!(await this.tokens.revoke(request.userId, request.tokenId))) {
      throw new RpcError('NOT_FOUND', 'no such token');
    }
    return {};
  }
}
