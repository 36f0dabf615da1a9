import { type Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { contentEvent, contentRpc, type ImportFormat } from '@tracera/contracts';
import { Outbox, type EmitEvent } from '@tracera/streams';
import { v7 as uuidv7 } from 'uuid';
import { type EntityManager } from 'typeorm';
import { type z } from 'zod';
import { sniffContentType } from '../../formats/content-sniffer';
import { IdempotentCreate } from '../../idempotency/idempotent-create';
import { TransferJobRepository } from '../../transfers/transfer-job.repository';
import { TransferJobRunner } from '../../transfers/transfer-job.runner';
import { toJobView } from '../../transfers/transfer-job-views';
import { BlobStorage, BlobTooLargeError, type PendingBlob } from '../blob-storage';
import { payloadTooLarge, unknownTicket } from '../file-errors';
import { FileRepository } from '../file.repository';
import { toFileView } from '../file-views';
import { TransferTickets, type UploadTicket } from '../transfer-tickets';

type UploadResult = z.infer<typeof contentRpc.uploadResult>;

/**
 * Stores the bytes sent with an upload ticket: streamed to a temporary file (size-capped, hashed, sniffed),
 * made durable under a random storage key, and only then named by a committed row (a file, or a queued
 * import job). A crash in between leaves an orphan blob, never a row without bytes.
 */
@Injectable()
export class ReceiveUploadUseCase {
  constructor(
    private readonly tickets: TransferTickets,
    private readonly blobs: BlobStorage,
    private readonly files: FileRepository,
    private readonly jobs: TransferJobRepository,
    private readonly idempotent: IdempotentCreate,
    private readonly outbox: Outbox,
    private readonly runner: TransferJobRunner,
  ) {}

  async execute(secret: string, body: Readable, declaredLength: number | undefined): Promise<UploadResult> {
    const ticket = await this.tickets.redeemUpload(secret);
    if (ticket === null) throw unknownTicket();
    if (declaredLength !== undefined && declaredLength > ticket.maxBytes)
      throw payloadTooLarge(ticket.maxBytes);
    const blob = await this.blobs.receive(body, ticket.maxBytes).catch((error: unknown) => {
      throw error instanceof BlobTooLargeError ? payloadTooLarge(error.maxBytes) : error;
    });
    const storageKey = this.blobs.newStorageKey();
    await this.blobs.commit(blob, storageKey);
    let created = false;
    try {
      const result = await this.outbox.transaction((manager, emit) =>
        this.idempotent.run(manager, requestOf(ticket), contentRpc.beginUpload.type, () => {
          created = true;
          return ticket.purpose === 'file'
            ? this.storeFile(manager, emit, ticket, blob, storageKey)
            : this.queueImport(manager, ticket.userId, ticket.format, ticket.name, storageKey);
        }),
      );
      // A retried upload answers what the first one stored; these bytes are not needed.
      if (!created) await this.blobs.remove(storageKey);
      else if ('job' in result) this.runner.kick();
      return result;
    } catch (error) {
      await this.blobs.remove(storageKey);
      throw error;
    }
  }

  private async storeFile(
    manager: EntityManager,
    emit: EmitEvent,
    ticket: Extract<UploadTicket, { purpose: 'file' }>,
    blob: PendingBlob,
    storageKey: string,
  ): Promise<UploadResult> {
    const { userId } = ticket;
    const file = await this.files.insert(manager, {
      id: uuidv7(),
      userId,
      name: ticket.name,
      size: blob.size,
      contentType: sniffContentType(blob.head, ticket.name),
      checksum: blob.checksum,
      description: ticket.description,
      storageKey,
    });
    const view = toFileView(file, []);
    emit(contentEvent.fileUploaded, { userId, file: view }, { actor: userId });
    return { file: view };
  }

  private async queueImport(
    manager: EntityManager,
    userId: string,
    format: ImportFormat,
    name: string,
    storageKey: string,
  ): Promise<UploadResult> {
    const job = await this.jobs.insertImport(manager, {
      id: uuidv7(),
      userId,
      format,
      sourceName: name,
      sourceStorageKey: storageKey,
    });
    return { job: toJobView(job) };
  }
}

/** What identifies the upload for its idempotency key: the ticket's terms without the configured limit. */
function requestOf(ticket: UploadTicket): { userId: string; idempotencyKey?: string } {
  const { maxBytes: _limit, ...request } = ticket;
  return request;
}
