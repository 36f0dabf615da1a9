import { Injectable } from '@nestjs/common';
import { type authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { newApiTokenSecret } from '@tracera/sessions';
import { v7 as uuidv7 } from 'uuid';
import { CreateApiTokenCommand } from '../commands/create-api-token.command';
import { ApiTokenRepository } from '../repositories/api-token.repository';
import { toApiTokenView } from '../views/api-token-views';

/** A personal API token: the secret is returned this once; only its hash is stored. */
@Injectable()
export class CreateApiTokenUseCase {
  constructor(private readonly tokens: ApiTokenRepository) {}

  async execute(
    request: RpcRequest<typeof authRpc.createToken>,
  ): Promise<RpcResponse<typeof authRpc.createToken>> {
    const command = CreateApiTokenCommand.create(request);
    const { secret, hash } = newApiTokenSecret();
    const token = await this.tokens.insert({
      id: uuidv7(),
      userId: command.userId,
      name: command.name,
      tokenHash: hash,
      scopes: command.scopes,
      expiresAt: command.expiresAt,
    });
    return { token: toApiTokenView(token), secret };
  }
}
