import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { IndexPageUseCase } from './index-page.use-case';

/** The source a read model (search) rebuilds itself from; not reachable through the gateway. */
@Controller()
export class ContentIndexRpcController {
  constructor(private readonly indexPage: IndexPageUseCase) {}

  @MessagePattern(contentRpc.indexPage.type)
  page(
    @Payload() request: RpcRequest<typeof contentRpc.indexPage>,
  ): Promise<RpcResponse<typeof contentRpc.indexPage>> {
    return this.indexPage.execute(request);
  }
}
