import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { authRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { CreateUserUseCase } from '../use-cases/create-user.use-case';
import { ListUsersUseCase } from '../use-cases/list-users.use-case';
import { UpdateUserAccessUseCase } from '../use-cases/update-user-access.use-case';
import { DependencyUnavailableFilter } from './dependency-unavailable.filter';

/** Admin user management; each use case re-checks that the actor is an admin. */
@UseFilters(DependencyUnavailableFilter)
@Controller()
export class AdminUserRpcController {
  constructor(
    private readonly listUsers: ListUsersUseCase,
    private readonly createUser: CreateUserUseCase,
    private readonly updateUserAccess: UpdateUserAccessUseCase,
  ) {}

  @MessagePattern(authRpc.adminListUsers.type)
  list(
    @Payload() request: RpcRequest<typeof authRpc.adminListUsers>,
  ): Promise<RpcResponse<typeof authRpc.adminListUsers>> {
    return this.listUsers.execute(request);
  }

  @MessagePattern(authRpc.adminCreateUser.type)
  create(
    @Payload() request: RpcRequest<typeof authRpc.adminCreateUser>,
  ): Promise<RpcResponse<typeof authRpc.adminCreateUser>> {
    return this.createUser.execute(request);
  }

  @MessagePattern(authRpc.adminUpdateUser.type)
  update(
    @Payload() request: RpcRequest<typeof authRpc.adminUpdateUser>,
  ): Promise<RpcResponse<typeof authRpc.adminUpdateUser>> {
    return this.updateUserAccess.execute(request);
  }
}
