import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type RpcRequest, type RpcResponse, searchRpc } from '@tracera/contracts';
import { SearchUseCase } from '../use-cases/search.use-case';
import { DatabaseUnavailableFilter } from './database-unavailable.filter';

/** The one search box. */
@UseFilters(DatabaseUnavailableFilter)
@Controller()
export class SearchRpcController {
  constructor(private readonly search: SearchUseCase) {}

  @MessagePattern(searchRpc.searchQuery.type)
  query(
    @Payload() request: RpcRequest<typeof searchRpc.searchQuery>,
  ): Promise<RpcResponse<typeof searchRpc.searchQuery>> {
    return this.search.execute(request);
  }
}
