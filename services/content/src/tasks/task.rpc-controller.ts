import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { CreateTaskUseCase } from './create-task.use-case';
import { DeleteTaskUseCase } from './delete-task.use-case';
import { GetTaskUseCase } from './get-task.use-case';
import { ListTasksUseCase } from './list-tasks.use-case';
import { UpdateTaskUseCase } from './update-task.use-case';

@Controller()
export class TaskRpcController {
  constructor(
    private readonly createTask: CreateTaskUseCase,
    private readonly getTask: GetTaskUseCase,
    private readonly listTasks: ListTasksUseCase,
    private readonly updateTask: UpdateTaskUseCase,
    private readonly deleteTask: DeleteTaskUseCase,
  ) {}

  @MessagePattern(contentRpc.createTask.type)
  create(
    @Payload() request: RpcRequest<typeof contentRpc.createTask>,
  ): Promise<RpcResponse<typeof contentRpc.createTask>> {
    return this.createTask.execute(request);
  }

  @MessagePattern(contentRpc.getTask.type)
  get(
    @Payload() request: RpcRequest<typeof contentRpc.getTask>,
  ): Promise<RpcResponse<typeof contentRpc.getTask>> {
    return this.getTask.execute(request);
  }

  @MessagePattern(contentRpc.listTasks.type)
  list(
    @Payload() request: RpcRequest<typeof contentRpc.listTasks>,
  ): Promise<RpcResponse<typeof contentRpc.listTasks>> {
    return this.listTasks.execute(request);
  }

  @MessagePattern(contentRpc.updateTask.type)
  update(
    @Payload() request: RpcRequest<typeof contentRpc.updateTask>,
  ): Promise<RpcResponse<typeof contentRpc.updateTask>> {
    return this.updateTask.execute(request);
  }

  @MessagePattern(contentRpc.deleteTask.type)
  delete(
    @Payload() request: RpcRequest<typeof contentRpc.deleteTask>,
  ): Promise<RpcResponse<typeof contentRpc.deleteTask>> {
    return this.deleteTask.execute(request);
  }
}
