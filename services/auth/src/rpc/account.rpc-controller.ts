import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ChangePasswordUseCase } from '../use-cases/change-password.use-case';
import { GetProfileUseCase } from '../use-cases/get-profile.use-case';
import { GetRegistrationStatusUseCase } from '../use-cases/get-registration-status.use-case';
import { ListDirectoryUseCase } from '../use-cases/list-directory.use-case';
import { LookupUsersUseCase } from '../use-cases/lookup-users.use-case';
import { RegisterUserUseCase } from '../use-cases/register-user.use-case';
import { SignInUseCase } from '../use-cases/sign-in.use-case';
import { UpdateProfileUseCase } from '../use-cases/update-profile.use-case';
import { DependencyUnavailableFilter } from './dependency-unavailable.filter';

/** Registration (and whether it is open), sign-in, the user's own profile and password, the people directory and user lookups. */
@UseFilters(DependencyUnavailableFilter)
@Controller()
export class AccountRpcController {
  constructor(
    private readonly registerUser: RegisterUserUseCase,
    private readonly getRegistrationStatus: GetRegistrationStatusUseCase,
    private readonly signIn: SignInUseCase,
    private readonly getProfile: GetProfileUseCase,
    private readonly updateProfile: UpdateProfileUseCase,
    private readonly changePassword: ChangePasswordUseCase,
    private readonly listDirectory: ListDirectoryUseCase,
    private readonly lookupUsers: LookupUsersUseCase,
  ) {}

  @MessagePattern(authRpc.register.type)
  register(
    @Payload() request: RpcRequest<typeof authRpc.register>,
  ): Promise<RpcResponse<typeof authRpc.register>> {
    return this.registerUser.execute(request);
  }

  @MessagePattern(authRpc.registrationStatus.type)
  registrationStatus(): Promise<RpcResponse<typeof authRpc.registrationStatus>> {
    return this.getRegistrationStatus.execute();
  }

  @MessagePattern(authRpc.login.type)
  login(@Payload() request: RpcRequest<typeof authRpc.login>): Promise<RpcResponse<typeof authRpc.login>> {
    return this.signIn.execute(request);
  }

  @MessagePattern(authRpc.getMe.type)
  getMe(@Payload() request: RpcRequest<typeof authRpc.getMe>): Promise<RpcResponse<typeof authRpc.getMe>> {
    return this.getProfile.execute(request);
  }

  @MessagePattern(authRpc.updateMe.type)
  updateMe(
    @Payload() request: RpcRequest<typeof authRpc.updateMe>,
  ): Promise<RpcResponse<typeof authRpc.updateMe>> {
    return this.updateProfile.execute(request);
  }

  @MessagePattern(authRpc.changePassword.type)
  changeOwnPassword(
    @Payload() request: RpcRequest<typeof authRpc.changePassword>,
  ): Promise<RpcResponse<typeof authRpc.changePassword>> {
    return this.changePassword.execute(request);
  }

  @MessagePattern(authRpc.directory.type)
  directory(
    @Payload() request: RpcRequest<typeof authRpc.directory>,
  ): Promise<RpcResponse<typeof authRpc.directory>> {
    return this.listDirectory.execute(request);
  }

  @MessagePattern(authRpc.lookupUsers.type)
  lookup(
    @Payload() request: RpcRequest<typeof authRpc.lookupUsers>,
  ): Promise<RpcResponse<typeof authRpc.lookupUsers>> {
    return this.lookupUsers.execute(request);
  }
}
