import { Injectable } from '@nestjs/common';
import { type AttachmentRef, type AttachmentView, contentRpc } from '@tracera/contracts';
import { type FieldProblem, RedisStreamsClient, RpcError, validationFailed } from '@tracera/streams';

/**
 * Checks attachments against the content service as the SENDER (so only their own items and files pass: the
 * content service answers NOT_FOUND for anybody else's) and snapshots each title for the message.
 */
@Injectable()
export class AttachmentChecker {
  constructor(private readonly rpc: RedisStreamsClient) {}

  /** The attachments as the message shows them; VALIDATION naming `attachments.<i>` for each one refused. */
  async resolve(senderId: string, refs: readonly AttachmentRef[]): Promise<AttachmentView[]> {
    const problems: FieldProblem[] = [];
    const views = await Promise.all(
      refs.map(async (ref, index) => {
        try {
          return { type: ref.type, id: ref.id, title: await this.titleOf(senderId, ref) };
        } catch (error) {
          if (!(error instanceof RpcError) || error.code !== 'NOT_FOUND') throw error;
          problems.push({ field: `attachments.${index}`, message: `is not one of your ${ref.type}s` });
          return null;
        }
      }),
    );
    if (problems.length > 0) {
      throw validationFailed(
        problems.sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true })),
      );
    }
    return views.filter((view) => view !== null);
  }

  private async titleOf(userId: string, ref: AttachmentRef): Promise<string> {
    const request = { userId, id: ref.id };
    const options = { actor: userId };
    switch (ref.type) {
      case 'bookmark': {
        const { bookmark } = await this.rpc.call(contentRpc.getBookmark, request, options);
        return bookmark.title === '' ? bookmark.url : bookmark.title;
      }
      case 'note':
        return (await this.rpc.call(contentRpc.getNote, request, options)).note.title;
      case 'task':
        return (await this.rpc.call(contentRpc.getTask, request, options)).task.title;
      case 'file':
        return (await this.rpc.call(contentRpc.getFile, request, options)).file.name;
    }
  }
}
