import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { type FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import {
  TaskDto,
  TaskListQueryDto,
  TaskPageDto,
  CreateTaskDto,
  IdParamsDto,
  UpdateTaskDto,
} from './content.dtos';
import { ItemsService } from './items.service';
import {
  AcceptsIdempotencyKey,
  AcceptsIfMatch,
  expectedVersionOf,
  IdempotencyKey,
  IfMatchVersion,
  sendVersionTag,
} from './item-version.headers';

@ApiTags('tasks')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('tasks')
export class TasksController {
  constructor(private readonly items: ItemsService) {}

  @Post()
  @AcceptsIdempotencyKey()
  @ZodResponse({ status: 201, type: TaskDto, description: 'Saved; `ETag` carries its version' })
  @ApiProblems('unprocessable-content')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateTaskDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.items.createTask(principal.userId, body, idempotencyKey);
    sendVersionTag(reply, answer.task.version);
    return answer;
  }

  @Get()
  @ZodResponse({ status: 200, type: TaskPageDto, description: 'One page of the user’s tasks' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: TaskListQueryDto) {
    return this.items.listTasks(principal.userId, query);
  }

  @Get(':id')
  @ZodResponse({ status: 200, type: TaskDto, description: 'The task; `ETag` carries its version' })
  @ApiProblems('not-found')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.items.getTask(principal.userId, params.id);
    sendVersionTag(reply, answer.task.version);
    return answer;
  }

  @Patch(':id')
  @AcceptsIfMatch()
  @ZodResponse({ status: 200, type: TaskDto, description: 'The changed task' })
  @ApiProblems('not-found', 'precondition-failed', 'unprocessable-content')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: UpdateTaskDto,
    @IfMatchVersion() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const expectedVersion = expectedVersionOf(ifMatch, body.version);
    const answer = await this.items.updateTask(principal.userId, { id: params.id, expectedVersion }, body);
    sendVersionTag(reply, answer.task.version);
    return answer;
  }

  @Delete(':id')
  @HttpCode(204)
  @AcceptsIfMatch()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('not-found', 'precondition-failed')
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @IfMatchVersion() ifMatch: number | undefined,
  ): Promise<void> {
    return this.items.deleteTask(principal.userId, { id: params.id, expectedVersion: ifMatch });
  }
}
