import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { CreateTagUseCase } from './create-tag.use-case';
import { DeleteTagUseCase } from './delete-tag.use-case';
import { GetTagUseCase } from './get-tag.use-case';
import { ListTagsUseCase } from './list-tags.use-case';
import { MergeTagUseCase } from './merge-tag.use-case';
import { RenameTagUseCase } from './rename-tag.use-case';

@Controller()
export class TagRpcController {
  constructor(
    private readonly listTags: ListTagsUseCase,
    private readonly createTag: CreateTagUseCase,
    private readonly getTag: GetTagUseCase,
    private readonly renameTag: RenameTagUseCase,
    private readonly mergeTag: MergeTagUseCase,
    private readonly deleteTag: DeleteTagUseCase,
  ) {}

  @MessagePattern(contentRpc.listTags.type)
  list(
    @Payload() request: RpcRequest<typeof contentRpc.listTags>,
  ): Promise<RpcResponse<typeof contentRpc.listTags>> {
    return this.listTags.execute(request);
  }

  @MessagePattern(contentRpc.createTag.type)
  create(
    @Payload() request: RpcRequest<typeof contentRpc.createTag>,
  ): Promise<RpcResponse<typeof contentRpc.createTag>> {
    return this.createTag.execute(request);
  }

  @MessagePattern(contentRpc.getTag.type)
  get(
    @Payload() request: RpcRequest<typeof contentRpc.getTag>,
  ): Promise<RpcResponse<typeof contentRpc.getTag>> {
    return this.getTag.execute(request);
  }

  @MessagePattern(contentRpc.renameTag.type)
  rename(
    @Payload() request: RpcRequest<typeof contentRpc.renameTag>,
  ): Promise<RpcResponse<typeof contentRpc.renameTag>> {
    return this.renameTag.execute(request);
  }

  @MessagePattern(contentRpc.mergeTag.type)
  merge(
    @Payload() request: RpcRequest<typeof contentRpc.mergeTag>,
  ): Promise<RpcResponse<typeof contentRpc.mergeTag>> {
    return this.mergeTag.execute(request);
  }

  @MessagePattern(contentRpc.deleteTag.type)
  delete(
    @Payload() request: RpcRequest<typeof contentRpc.deleteTag>,
  ): Promise<RpcResponse<typeof contentRpc.deleteTag>> {
    return this.deleteTag.execute(request);
  }
}
