import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { bearerKind, hashSecret } from '@tracera/sessions';
import { RpcError } from '@tracera/streams';
import { ApiTokenRepository } from '../repositories/api-token.repository';

/** Who a personal API token belongs to and what it may do; revoked, expired or a disabled owner are 401. */
@Injectable()
export class AuthenticateApiTokenUseCase {
  constructor(private readonly tokens: ApiTokenRepository) {}

  async execute(
    request: RpcRequest<typeof authRpc.authenticateToken>,
  ): Promise<RpcResponse<typeof authRpc.authenticateToken>> {
    const refused = new RpcError('UNAUTHENTICATED', 'invalid, expired or revoked API token');
    if (bearerKind(request.secret) !== 'api-token') throw refused;
    const found = await this.tokens.findByHashWithOwner(hashSecret(request.secret));
    if (found === null) throw refused;
    const { token, owner } = found;
    const expired = token.expiresAt !== null && token.expiresAt.getTime() <= Date.now();
    if (token.revokedAt !== null || expired || owner.disabledAt !== null) throw refused;
    await this.tokens.touchLastUsed(owner.id, token.id);
    return { principal: { userId: owner.id, role: owner.role, tokenId: token.id, scopes: token.scopes } };
  }
}
