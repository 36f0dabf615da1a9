import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { CreateNoteUseCase } from './create-note.use-case';
import { DeleteNoteUseCase } from './delete-note.use-case';
import { GetNoteUseCase } from './get-note.use-case';
import { ListNotesUseCase } from './list-notes.use-case';
import { UpdateNoteUseCase } from './update-note.use-case';

@Controller()
export class NoteRpcController {
  constructor(
    private readonly createNote: CreateNoteUseCase,
    private readonly getNote: GetNoteUseCase,
    private readonly listNotes: ListNotesUseCase,
    private readonly updateNote: UpdateNoteUseCase,
    private readonly deleteNote: DeleteNoteUseCase,
  ) {}

  @MessagePattern(contentRpc.createNote.type)
  create(
    @Payload() request: RpcRequest<typeof contentRpc.createNote>,
  ): Promise<RpcResponse<typeof contentRpc.createNote>> {
    return this.createNote.execute(request);
  }

  @MessagePattern(contentRpc.getNote.type)
  get(
    @Payload() request: RpcRequest<typeof contentRpc.getNote>,
  ): Promise<RpcResponse<typeof contentRpc.getNote>> {
    return this.getNote.execute(request);
  }

  @MessagePattern(contentRpc.listNotes.type)
  list(
    @Payload() request: RpcRequest<typeof contentRpc.listNotes>,
  ): Promise<RpcResponse<typeof contentRpc.listNotes>> {
    return this.listNotes.execute(request);
  }

  @MessagePattern(contentRpc.updateNote.type)
  update(
    @Payload() request: RpcRequest<typeof contentRpc.updateNote>,
  ): Promise<RpcResponse<typeof contentRpc.updateNote>> {
    return this.updateNote.execute(request);
  }

  @MessagePattern(contentRpc.deleteNote.type)
  delete(
    @Payload() request: RpcRequest<typeof contentRpc.deleteNote>,
  ): Promise<RpcResponse<typeof contentRpc.deleteNote>> {
    return this.deleteNote.execute(request);
  }
}
