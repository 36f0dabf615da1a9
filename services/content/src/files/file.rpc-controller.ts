import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { BeginDownloadUseCase } from './use-cases/begin-download.use-case';
import { BeginUploadUseCase } from './use-cases/begin-upload.use-case';
import { DeleteFileUseCase } from './use-cases/delete-file.use-case';
import { GetFileUseCase } from './use-cases/get-file.use-case';
import { ListFilesUseCase } from './use-cases/list-files.use-case';
import { UpdateFileUseCase } from './use-cases/update-file.use-case';

/** File metadata, and the tickets that open uploads and downloads on the internal HTTP port. */
@Controller()
export class FileRpcController {
  constructor(
    private readonly getFile: GetFileUseCase,
    private readonly listFiles: ListFilesUseCase,
    private readonly updateFile: UpdateFileUseCase,
    private readonly deleteFile: DeleteFileUseCase,
    private readonly beginUpload: BeginUploadUseCase,
    private readonly beginDownload: BeginDownloadUseCase,
  ) {}

  @MessagePattern(contentRpc.getFile.type)
  get(
    @Payload() request: RpcRequest<typeof contentRpc.getFile>,
  ): Promise<RpcResponse<typeof contentRpc.getFile>> {
    return this.getFile.execute(request);
  }

  @MessagePattern(contentRpc.listFiles.type)
  list(
    @Payload() request: RpcRequest<typeof contentRpc.listFiles>,
  ): Promise<RpcResponse<typeof contentRpc.listFiles>> {
    return this.listFiles.execute(request);
  }

  @MessagePattern(contentRpc.updateFile.type)
  update(
    @Payload() request: RpcRequest<typeof contentRpc.updateFile>,
  ): Promise<RpcResponse<typeof contentRpc.updateFile>> {
    return this.updateFile.execute(request);
  }

  @MessagePattern(contentRpc.deleteFile.type)
  delete(
    @Payload() request: RpcRequest<typeof contentRpc.deleteFile>,
  ): Promise<RpcResponse<typeof contentRpc.deleteFile>> {
    return this.deleteFile.execute(request);
  }

  @MessagePattern(contentRpc.beginUpload.type)
  upload(
    @Payload() request: RpcRequest<typeof contentRpc.beginUpload>,
  ): Promise<RpcResponse<typeof contentRpc.beginUpload>> {
    return this.beginUpload.execute(request);
  }

  @MessagePattern(contentRpc.beginDownload.type)
  download(
    @Payload() request: RpcRequest<typeof contentRpc.beginDownload>,
  ): Promise<RpcResponse<typeof contentRpc.beginDownload>> {
    return this.beginDownload.execute(request);
  }
}
