import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { CreateCollectionUseCase } from './create-collection.use-case';
import { DeleteCollectionUseCase } from './delete-collection.use-case';
import { GetCollectionUseCase } from './get-collection.use-case';
import { ListCollectionsUseCase } from './list-collections.use-case';
import { UpdateCollectionUseCase } from './update-collection.use-case';

@Controller()
export class CollectionRpcController {
  constructor(
    private readonly listCollections: ListCollectionsUseCase,
    private readonly createCollection: CreateCollectionUseCase,
    private readonly getCollection: GetCollectionUseCase,
    private readonly updateCollection: UpdateCollectionUseCase,
    private readonly deleteCollection: DeleteCollectionUseCase,
  ) {}

  @MessagePattern(contentRpc.listCollections.type)
  list(
    @Payload() request: RpcRequest<typeof contentRpc.listCollections>,
  ): Promise<RpcResponse<typeof contentRpc.listCollections>> {
    return this.listCollections.execute(request);
  }

  @MessagePattern(contentRpc.createCollection.type)
  create(
    @Payload() request: RpcRequest<typeof contentRpc.createCollection>,
  ): Promise<RpcResponse<typeof contentRpc.createCollection>> {
    return this.createCollection.execute(request);
  }

  @MessagePattern(contentRpc.getCollection.type)
  get(
    @Payload() request: RpcRequest<typeof contentRpc.getCollection>,
  ): Promise<RpcResponse<typeof contentRpc.getCollection>> {
    return this.getCollection.execute(request);
  }

  @MessagePattern(contentRpc.updateCollection.type)
  update(
    @Payload() request: RpcRequest<typeof contentRpc.updateCollection>,
  ): Promise<RpcResponse<typeof contentRpc.updateCollection>> {
    return this.updateCollection.execute(request);
  }

  @MessagePattern(contentRpc.deleteCollection.type)
  delete(
    @Payload() request: RpcRequest<typeof contentRpc.deleteCollection>,
  ): Promise<RpcResponse<typeof contentRpc.deleteCollection>> {
    return this.deleteCollection.execute(request);
  }
}
