import {
  Agent as HttpAgent,
  type ClientRequest,
  type IncomingMessage,
  request as httpRequest,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type Readable } from 'node:stream';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { RpcError } from '@tracera/streams';
import { uploadStreamError } from './multipart-upload';

// An answer of the content service is a small JSON document; anything bigger is not one.
const ANSWER_MAX_BYTES = 1024 * 1024;
// A transfer with no byte moving either way for this long is dead (a stalled client or service).
const IDLE_TIMEOUT_MS = 120_000;

function unreachable(error: unknown): RpcError {
  return new RpcError('UNAVAILABLE', 'The content service could not be reached for the transfer.', {
    cause: error instanceof Error ? error.message : String(error),
  });
}

/** Reads the content service's JSON answer: the document on 2xx, its `{error}` thrown as an RpcError otherwise. */
async function answerOf(incoming: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > ANSWER_MAX_BYTES) {
      incoming.destroy();
      throw new RpcError('INVALID_RESPONSE', 'The content service answered an oversized transfer answer.');
    }
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RpcError(
      'INVALID_RESPONSE',
      `The content service answered ${incoming.statusCode} without JSON.`,
    );
  }
  const status = incoming.statusCode ?? 500;
  if (status >= 200 && status < 300) return body;
  throw RpcError.fromBody((body as { error?: unknown } | null)?.error);
}

/**
 * Moves file bytes between the gateway and the content service's internal HTTP port, streaming both ways:
 * bytes never travel over Redis and are never held whole in memory. A ticket from `content.upload.begin` /
 * `content.download.begin` authorizes exactly one transfer.
 */
@Injectable()
export class ContentTransferClient implements OnModuleDestroy {
  private readonly origin: URL;
  private readonly agent: HttpAgent;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.origin = new URL(config.content.internalUrl);
    this.agent =
      this.origin.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true })
        : new HttpAgent({ keepAlive: true });
  }

  onModuleDestroy(): void {
    this.agent.destroy();
  }

  /**
   * Streams `bytes` to the ticket's upload and resolves with what the content service answered. When it
   * answers before the bytes are through (over the limit, say), the rest of the upload is not read.
   */
  upload(ticket: string, bytes: Readable): Promise<unknown> {
    // The body may have failed while the ticket was being opened (a truncated form): nothing is left to send.
    if (bytes.destroyed) {
      return Promise.reject(
        uploadStreamError(bytes.errored ?? new Error('The upload ended before its end.')),
      );
    }
    return new Promise((resolve, reject) => {
      let answered = false;
      const outgoing = this.open('PUT', `/internal/uploads/${encodeURIComponent(ticket)}`, {
        'content-type': 'application/octet-stream',
        'transfer-encoding': 'chunked',
      });
      outgoing.on('response', (incoming) => {
        answered = true;
        if (!bytes.readableEnded) {
          bytes.unpipe(outgoing);
          bytes.destroy();
        }
        answerOf(incoming).then(resolve, reject);
      });
      outgoing.on('error', (error) => {
        if (!answered) reject(unreachable(error));
      });
      bytes.on('error', (error) => {
        if (answered) return;
        answered = true;
        outgoing.destroy();
        reject(uploadStreamError(error));
      });
      bytes.pipe(outgoing);
    });
  }

  /** Opens the ticket's download: resolves with the byte stream once the content service started sending. */
  download(ticket: string): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const outgoing = this.open('GET', `/internal/downloads/${encodeURIComponent(ticket)}`, {});
      outgoing.on('response', (incoming) => {
        if (incoming.statusCode === 200) {
          resolve(incoming);
          return;
        }
        answerOf(incoming).then(
          () => reject(new RpcError('INVALID_RESPONSE', `The download answered ${incoming.statusCode}.`)),
          reject,
        );
      });
      outgoing.on('error', (error) => reject(unreachable(error)));
      outgoing.end();
    });
  }

  private open(method: 'PUT' | 'GET', path: string, headers: Record<string, string>): ClientRequest {
    const url = new URL(`${this.origin.pathname.replace(/\/$/, '')}${path}`, this.origin);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(url, { method, headers, agent: this.agent });
    outgoing.setTimeout(IDLE_TIMEOUT_MS, () => outgoing.destroy(new Error('transfer idle timeout')));
    return outgoing;
  }
}
