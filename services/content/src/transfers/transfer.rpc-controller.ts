import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { CreateExportUseCase } from './use-cases/create-export.use-case';
import { GetExportUseCase } from './use-cases/get-export.use-case';
import { GetImportUseCase } from './use-cases/get-import.use-case';

/** Import and export jobs (imports are created by an upload with purpose `import`). */
@Controller()
export class TransferRpcController {
  constructor(
    private readonly getImportJob: GetImportUseCase,
    private readonly createExportJob: CreateExportUseCase,
    private readonly getExportJob: GetExportUseCase,
  ) {}

  @MessagePattern(contentRpc.getImport.type)
  getImport(
    @Payload() request: RpcRequest<typeof contentRpc.getImport>,
  ): Promise<RpcResponse<typeof contentRpc.getImport>> {
    return this.getImportJob.execute(request);
  }

  @MessagePattern(contentRpc.createExport.type)
  createExport(
    @Payload() request: RpcRequest<typeof contentRpc.createExport>,
  ): Promise<RpcResponse<typeof contentRpc.createExport>> {
    return this.createExportJob.execute(request);
  }

  @MessagePattern(contentRpc.getExport.type)
  getExport(
    @Payload() request: RpcRequest<typeof contentRpc.getExport>,
  ): Promise<RpcResponse<typeof contentRpc.getExport>> {
    return this.getExportJob.execute(request);
  }
}
