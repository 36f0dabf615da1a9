import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { type authRpc, type RpcResponse } from '@tracera/contracts';
import { UserRepository } from '../repositories/user.repository';

/** Whether anyone may register now: the same rule AccountCreator enforces, asked before the form is shown. */
@Injectable()
export class GetRegistrationStatusUseCase {
  constructor(
    private readonly users: UserRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(): Promise<RpcResponse<typeof authRpc.registrationStatus>> {
    const firstRun = !(await this.users.anyUserExists());
    return { open: firstRun || !this.config.auth.signupsDisabled, firstRun };
  }
}
