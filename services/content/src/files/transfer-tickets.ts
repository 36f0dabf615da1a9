import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type ImportFormat } from '@tracera/contracts';
import { RedisClients, RedisKeys } from '@tracera/redis';

/** What the bytes sent with an upload ticket become. */
export type UploadTicket =
  | {
      purpose: 'file';
      userId: string;
      name: string;
      description: string;
      maxBytes: number;
      idempotencyKey?: string;
    }
  | {
      purpose: 'import';
      userId: string;
      name: string;
      format: ImportFormat;
      maxBytes: number;
      idempotencyKey?: string;
    };

/** Which stored blob a download ticket opens, and how to label it. */
export interface DownloadTicket {
  userId: string;
  storageKey: string;
  name: string;
  contentType: string;
  size: number;
}

type TicketKind = 'upload' | 'download';

const TICKET_TTL_MS = 5 * 60 * 1000;
/** base64url of 32 random bytes. */
const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * One-time tickets for the internal upload and download endpoints: 256 random bits handed to the gateway,
 * only their SHA-256 kept in core Redis, redeemed at most once (GETDEL) within five minutes.
 */
@Injectable()
export class TransferTickets {
  constructor(
    private readonly clients: RedisClients,
    private readonly keys: RedisKeys,
  ) {}

  issueUpload(ticket: UploadTicket): Promise<string> {
    return this.issue('upload', ticket);
  }

  issueDownload(ticket: DownloadTicket): Promise<string> {
    return this.issue('download', ticket);
  }

  /** The ticket's terms, or null when it is unknown, expired or already used. */
  redeemUpload(secret: string): Promise<UploadTicket | null> {
    return this.redeem<UploadTicket>('upload', secret);
  }

  redeemDownload(secret: string): Promise<DownloadTicket | null> {
    return this.redeem<DownloadTicket>('download', secret);
  }

  private async issue(kind: TicketKind, terms: object): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    await this.clients.core.set(this.keyOf(kind, secret), JSON.stringify(terms), 'PX', TICKET_TTL_MS);
    return secret;
  }

  private async redeem<T>(kind: TicketKind, secret: string): Promise<T | null> {
    if (!TICKET_FORMAT.test(secret)) return null;
    const stored = await this.clients.core.getdel(this.keyOf(kind, secret));
    return stored === null ? null : (JSON.parse(stored) as T);
  }

  private keyOf(kind: TicketKind, secret: string): string {
    return this.keys.key(kind, createHash('sha256').update(secret).digest('hex'));
  }
}
