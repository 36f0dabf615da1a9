import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { CreateBookmarkUseCase } from './create-bookmark.use-case';
import { DeleteBookmarkUseCase } from './delete-bookmark.use-case';
import { GetBookmarkUseCase } from './get-bookmark.use-case';
import { ListBookmarksUseCase } from './list-bookmarks.use-case';
import { UpdateBookmarkUseCase } from './update-bookmark.use-case';

@Controller()
export class BookmarkRpcController {
  constructor(
    private readonly createBookmark: CreateBookmarkUseCase,
    private readonly getBookmark: GetBookmarkUseCase,
    private readonly listBookmarks: ListBookmarksUseCase,
    private readonly updateBookmark: UpdateBookmarkUseCase,
    private readonly deleteBookmark: DeleteBookmarkUseCase,
  ) {}

  @MessagePattern(contentRpc.createBookmark.type)
  create(
    @Payload() request: RpcRequest<typeof contentRpc.createBookmark>,
  ): Promise<RpcResponse<typeof contentRpc.createBookmark>> {
    return this.createBookmark.execute(request);
  }

  @MessagePattern(contentRpc.getBookmark.type)
  get(
    @Payload() request: RpcRequest<typeof contentRpc.getBookmark>,
  ): Promise<RpcResponse<typeof contentRpc.getBookmark>> {
    return this.getBookmark.execute(request);
  }

  @MessagePattern(contentRpc.listBookmarks.type)
  list(
    @Payload() request: RpcRequest<typeof contentRpc.listBookmarks>,
  ): Promise<RpcResponse<typeof contentRpc.listBookmarks>> {
    return this.listBookmarks.execute(request);
  }

  @MessagePattern(contentRpc.updateBookmark.type)
  update(
    @Payload() request: RpcRequest<typeof contentRpc.updateBookmark>,
  ): Promise<RpcResponse<typeof contentRpc.updateBookmark>> {
    return this.updateBookmark.execute(request);
  }

  @MessagePattern(contentRpc.deleteBookmark.type)
  delete(
    @Payload() request: RpcRequest<typeof contentRpc.deleteBookmark>,
  ): Promise<RpcResponse<typeof contentRpc.deleteBookmark>> {
    return this.deleteBookmark.execute(request);
  }
}
