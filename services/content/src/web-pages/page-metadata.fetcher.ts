import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type Socket } from 'node:net';
import { type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { DESCRIPTION_MAX, TITLE_MAX } from '@tracera/contracts';
import { extractPageMetadata } from './page-metadata.extractor';
import {
  addressPolicy,
  type AddressPolicy,
  assertConnectedAddressAllowed,
  assertHostAllowed,
  BlockedAddressError,
  createGuardedLookup,
} from './ssrf-guard';

export interface PageMetadata {
  title: string | null;
  description: string | null;
  faviconUrl: string | null;
}

/**
 * Why a page's metadata could not be read. `reason` is a stable word for logs and tests: disabled,
 * invalid_url, blocked_address, too_many_redirects, bad_redirect, http_status, not_html, timeout, network.
 */
export class PageFetchError extends Error {
  constructor(
    readonly reason: string,
    message: string = reason,
  ) {
    super(message);
    this.name = 'PageFetchError';
  }
}

const MAX_REDIRECTS = 3;
const USER_AGENT = 'Mozilla/5.0 (compatible; TraceraBot/1.0; +bookmark-metadata)';

/** Reads the title, description and favicon of a bookmarked page, refusing to reach private networks. */
@Injectable()
export class PageMetadataFetcher {
  /** Which addresses may be connected to; checked for every hop, before and after connecting. */
  protected readonly allows: AddressPolicy;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.allows = addressPolicy(config.content.metadataFetch.allowPrivate);
  }

  async fetch(url: string): Promise<PageMetadata> {
    const settings = this.config.content.metadataFetch;
    if (!settings.enabled) throw new PageFetchError('disabled', 'fetching page metadata is turned off');
    const deadline = new AbortController();
    // One timer for the whole fetch (all redirects and the body), so a slow server cannot hold a worker.
    const timer = setTimeout(() => deadline.abort(), settings.timeoutMs);
    try {
      return await this.fetchWithin(url, deadline.signal);
    } catch (error) {
      if (deadline.signal.aborted) {
        throw new PageFetchError('timeout', `no answer within ${settings.timeoutMs} ms`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async fetchWithin(startUrl: string, signal: AbortSignal): Promise<PageMetadata> {
    let current = parseHttpUrl(startUrl, 'invalid_url');
    for (let hop = 0; ; hop++) {
      const response = await this.open(current, signal);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location !== undefined) {
        response.destroy();
        if (hop === MAX_REDIRECTS) {
          throw new PageFetchError('too_many_redirects', `more than ${MAX_REDIRECTS} redirects`);
        }
        current = parseHttpUrl(response.headers.location, 'bad_redirect', current);
        continue;
      }
      if (status < 200 || status >= 300) {
        response.destroy();
        throw new PageFetchError('http_status', `the page answered HTTP ${status}`);
      }
      const contentType = response.headers['content-type'] ?? '';
      const mediaType = contentType.split(';')[0].trim().toLowerCase();
      if (mediaType !== 'text/html' && mediaType !== 'application/xhtml+xml') {
        response.destroy();
        throw new PageFetchError('not_html', `the page is ${mediaType || 'of no declared type'}, not HTML`);
      }
      const bytes = await readAtMost(decoded(response), this.config.content.metadataFetch.maxBytes, signal);
      const html = decodeHtml(bytes, contentType);
      const found = extractPageMetadata(html, current.href);
      return {
        title: clip(found.title, TITLE_MAX),
        description: clip(found.description, DESCRIPTION_MAX),
        faviconUrl: found.faviconUrl,
      };
    }
  }

  /** One request; every hop resolves and checks its own host (a redirect is a new destination). */
  private open(url: URL, signal: AbortSignal): Promise<IncomingMessage> {
    const allows = this.allows;
    try {
      assertHostAllowed(url.hostname, allows);
    } catch (error) {
      return Promise.reject(asFetchError(error));
    }
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = request(url, {
        method: 'GET',
        // A fresh socket per request: no pooled connection outlives the check made when it connected.
        agent: false,
        lookup: createGuardedLookup(allows),
        signal,
        headers: {
          'user-agent': USER_AGENT,
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
          'accept-encoding': 'gzip, deflate, br',
          'accept-language': 'en;q=0.9, *;q=0.5',
        },
      });
      outgoing.once('socket', (socket: Socket) => {
        const check = () => {
          try {
            assertConnectedAddressAllowed(url.hostname, socket.remoteAddress, allows);
          } catch (error) {
            outgoing.destroy(error as Error);
          }
        };
        // Checked the moment it connects: the address the bytes really go to, whatever DNS said before.
        if (socket.remoteAddress !== undefined && !socket.connecting) check();
        else socket.once('connect', check);
      });
      outgoing.once('response', resolve);
      outgoing.once('error', (error) => reject(asFetchError(error)));
      outgoing.end();
    });
  }
}

function parseHttpUrl(raw: string, reason: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new PageFetchError(reason, `not a valid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PageFetchError(reason, `only http and https pages are fetched, not ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new PageFetchError(reason, 'URLs with credentials are not fetched');
  }
  url.hash = '';
  return url;
}

function asFetchError(error: unknown): Error {
  if (error instanceof PageFetchError) return error;
  if (error instanceof BlockedAddressError) return new PageFetchError('blocked_address', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new PageFetchError('network', message);
}

/** The body as sent before compression; a broken compressed stream just ends what we parse. */
function decoded(response: IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null;
  if (decoder === null) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

/** Reads until the end or `maxBytes` (the head of a page is enough), then lets go of the connection. */
function readAtMost(stream: Readable, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      stream.destroy();
      outcome();
    };
    const onAbort = () => finish(() => reject(new PageFetchError('timeout')));
    signal.addEventListener('abort', onAbort);
    stream.on('data', (chunk: Buffer) => {
      const room = maxBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (size >= maxBytes) finish(() => resolve(Buffer.concat(chunks)));
    });
    stream.once('end', () => finish(() => resolve(Buffer.concat(chunks))));
    // A connection cut (or a corrupt compressed stream) after some bytes still leaves a usable head.
    stream.once('error', (error) =>
      finish(() => (size > 0 ? resolve(Buffer.concat(chunks)) : reject(asFetchError(error)))),
    );
  });
}

/** Charset from the header, else a BOM, else a `<meta charset>` near the top; UTF-8 when none or unknown. */
export function decodeHtml(bytes: Uint8Array, contentType: string): string {
  const label =
    charsetOf(contentType) ??
    bomCharset(bytes) ??
    metaCharset(Buffer.from(bytes.subarray(0, 2048)).toString('latin1'));
  try {
    const decoder = new TextDecoder(label ?? 'utf-8');
    return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
  } catch {
    // An unknown charset label: UTF-8 is the web's default and the likeliest truth.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** windows-1252's 0x80-0x9F; the rest is Latin-1. */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Node 20's TextDecoder decodes the `windows-1252` family (which HTML maps `iso-8859-1` and `ascii` to) as
 * plain Latin-1, losing curly quotes and the euro sign; pages labelled Latin-1 are really windows-1252.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    const slice = bytes.subarray(start, start + 8192);
    text += String.fromCharCode(
      ...Array.from(slice, (byte) =>
        byte >= 0x80 && byte < 0xa0 ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte,
      ),
    );
  }
  return text;
}

function charsetOf(contentType: string): string | null {
  const match = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType);
  return match ? match[1] : null;
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

function metaCharset(head: string): string | null {
  const direct = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return direct ? direct[1] : null;
}

function clip(text: string | null, max: number): string | null {
  if (text === null) return null;
  return text.length > max ? text.slice(0, max).trimEnd() : text;
}
