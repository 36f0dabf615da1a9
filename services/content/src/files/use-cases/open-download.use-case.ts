import { notFound } from '@tracera/streams';
import { type Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { BlobStorage } from '../blob-storage';
import { unknownTicket } from '../file-errors';
import { type DownloadTicket, TransferTickets } from '../transfer-tickets';

export type OpenedDownload = DownloadTicket & { bytes: Readable };

/** Redeems a download ticket and opens the bytes it names. */
@Injectable()
export class OpenDownloadUseCase {
  constructor(
    private readonly tickets: TransferTickets,
    private readonly blobs: BlobStorage,
  ) {}

  async execute(secret: string): Promise<OpenedDownload> {
    const ticket = await this.tickets.redeemDownload(secret);
    if (ticket === null) throw unknownTicket();
    // Deleted after the ticket was issued.
    if (!(await this.blobs.exists(ticket.storageKey))) throw notFound('file');
    return { ...ticket, bytes: this.blobs.openRead(ticket.storageKey) };
  }
}
