import { type IncomingMessage } from 'node:http';
import { Injectable } from '@nestjs/common';
import { contentRpc, descriptionField, fileView, importFormatField, jobView } from '@tracera/contracts';
import { RedisStreamsClient, RpcError } from '@tracera/streams';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ContentTransferClient } from './content-transfer.client';
import { attachmentDisposition, servedFileContentType } from './download-headers';
import { openUploadForm } from './multipart-upload';
import { type CreateExportDto } from './transfers.dtos';

const fileFormFields = z.strictObject({ description: descriptionField.optional() });
const importFormFields = z.strictObject({ format: importFormatField });

const fileAnswer = z.object({ file: fileView });
const jobAnswer = z.object({ job: jobView });

function answerMatching<T>(schema: z.ZodType<T>, answer: unknown): T {
  const parsed = schema.safeParse(answer);
  if (!parsed.success) {
    throw new RpcError(
      'INVALID_RESPONSE',
      'The content service answered the upload with an unexpected body.',
    );
  }
  return parsed.data;
}

/** Bytes on their way to the client, and the headers that describe them. */
export interface Download {
  headers: Record<string, string>;
  bytes: IncomingMessage;
}

/**
 * File uploads and downloads, imports and exports. Bytes stream between the client and the content
 * service's internal port; the RPCs only open the transfer (and check ownership and limits) and track jobs.
 */
@Injectable()
export class TransfersService {
  constructor(
    private readonly rpc: RedisStreamsClient,
    private readonly transfer: ContentTransferClient,
  ) {}

  async uploadFile(userId: string, request: FastifyRequest, idempotencyKey: string | undefined) {
    const { fields, file } = await openUploadForm(request, fileFormFields);
    const { ticket } = await this.rpc.call(
      contentRpc.beginUpload,
      {
        purpose: 'file',
        userId,
        name: file.name,
        description: fields.description,
        declaredSize: file.sizeAtLeast,
        idempotencyKey,
      },
      { actor: userId },
    );
    return answerMatching(fileAnswer, await this.transfer.upload(ticket, file.bytes));
  }

  async startImport(userId: string, request: FastifyRequest, idempotencyKey: string | undefined) {
    const { fields, file } = await openUploadForm(request, importFormFields);
    const { ticket } = await this.rpc.call(
      contentRpc.beginUpload,
      {
        purpose: 'import',
        userId,
        name: file.name,
        format: fields.format,
        declaredSize: file.sizeAtLeast,
        idempotencyKey,
      },
      { actor: userId },
    );
    return answerMatching(jobAnswer, await this.transfer.upload(ticket, file.bytes));
  }

  getImport(userId: string, id: string) {
    return this.rpc.call(contentRpc.getImport, { userId, id }, { actor: userId });
  }

  createExport(userId: string, body: CreateExportDto, idempotencyKey: string | undefined) {
    return this.rpc.call(contentRpc.createExport, { ...body, userId, idempotencyKey }, { actor: userId });
  }

  getExport(userId: string, id: string) {
    return this.rpc.call(contentRpc.getExport, { userId, id }, { actor: userId });
  }

  /** A user's file as an attachment, typed by its sniffed content when that is safe to render. */
  downloadFile(userId: string, id: string): Promise<Download> {
    return this.download(userId, 'file', id);
  }

  /** A finished export's archive or document. */
  downloadExport(userId: string, id: string): Promise<Download> {
    return this.download(userId, 'export', id);
  }

  private async download(userId: string, kind: 'file' | 'export', id: string): Promise<Download> {
    const opened = await this.rpc.call(contentRpc.beginDownload, { userId, kind, id }, { actor: userId });
    const bytes = await this.transfer.download(opened.ticket);
    const headers: Record<string, string> = {
      // Exports are documents the service wrote itself; a user's file is typed by what its bytes are.
      'content-type': kind === 'file' ? servedFileContentType(opened.contentType) : opened.contentType,
      'content-length': String(opened.size),
      'content-disposition': attachmentDisposition(opened.name),
      // Opened directly, the bytes get a sandboxed, origin-less document: nothing in them can act as the app.
      'content-security-policy': 'sandbox',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-cache',
    };
    if (opened.checksum) headers.etag = `"${opened.checksum}"`;
    return { headers, bytes };
  }
}
