import { basename } from 'node:path';
import { type Readable } from 'node:stream';
import { HttpException, UnsupportedMediaTypeException } from '@nestjs/common';
import fastifyMultipart from '@fastify/multipart';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyRequest } from 'fastify';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';

/** The multipart field that carries the bytes. */
export const FILE_FIELD = 'file';

/** Written into every upload route's OpenAPI description: the gateway streams, so order matters. */
export const MULTIPART_ORDER_NOTE =
  'Send `multipart/form-data` with the text fields first and the `file` part last: the bytes are streamed ' +
  'to storage as they arrive, so fields after the file are not seen.';

// Room for a part's boundary line and headers (Content-Disposition, Content-Type); generous on purpose.
const PART_ENVELOPE_BYTES = 1024;

/**
 * Lets the API take `multipart/form-data` next to JSON, for uploads only. File size is not capped here: the
 * content service knows the limit and enforces it while the bytes stream through.
 */
export function installMultipartUploads(app: NestFastifyApplication): void {
  void app
    .getHttpAdapter()
    .getInstance()
    .register(fastifyMultipart, {
      limits: {
        fieldNameSize: 100,
        fieldSize: 64 * 1024,
        fields: 10,
        files: 1,
        parts: 11,
        headerPairs: 100,
        fileSize: Number.POSITIVE_INFINITY,
      },
    });
}

/** The file part of an upload form, not yet read: its bytes flow only when `bytes` is consumed. */
export interface UploadedFile {
  /** The client's file name without any directory part. */
  name: string;
  bytes: Readable;
  /**
   * A lower bound of the file's size from the request's Content-Length minus what the other parts and the
   * multipart envelope can take up, so a file just under the limit is never refused for its envelope.
   */
  sizeAtLeast: number | undefined;
}

function fieldError(field: string, message: string): ZodValidationException {
  return new ZodValidationException(
    new z.ZodError([{ code: 'custom', path: [field], message, input: undefined }]),
  );
}

/** A multipart body that cannot be read is the client's problem: its own status when it has one, else 400. */
function clientErrorOf(error: unknown): Error {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  const message = error instanceof Error ? error.message : 'The multipart body could not be read.';
  if (typeof status === 'number' && status >= 500) return error instanceof Error ? error : new Error(message);
  const clientStatus = typeof status === 'number' && status >= 400 ? status : 400;
  // @fastify/multipart says 406 for "not multipart"; this API answers an unusable content type with 415.
  return new HttpException(message, clientStatus === 406 ? 415 : clientStatus);
}

function declaredLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Number(header);
}

/**
 * Reads an upload form up to its `file` part: the text fields before it, checked against `fieldsSchema`
 * (a strict object, so unknown fields are named), and the file part left unread for streaming.
 */
export async function openUploadForm<T>(
  request: FastifyRequest,
  fieldsSchema: z.ZodType<T>,
): Promise<{ fields: T; file: UploadedFile }> {
  if (!request.isMultipart()) {
    throw new UnsupportedMediaTypeException(
      `Send the upload as multipart/form-data with the bytes in a part named "${FILE_FIELD}".`,
    );
  }
  const texts = new Map<string, string>();
  let envelopeBytes = PART_ENVELOPE_BYTES;
  const parts = request.parts();
  for (;;) {
    const next = await parts.next().catch((error: unknown) => {
      throw clientErrorOf(error);
    });
    if (next.done) break;
    const part = next.value;
    envelopeBytes += PART_ENVELOPE_BYTES + Buffer.byteLength(part.fieldname);
    if (part.type === 'field') {
      if (part.valueTruncated) throw fieldError(part.fieldname, 'is too long');
      if (texts.has(part.fieldname)) throw fieldError(part.fieldname, 'is given more than once');
      const value = String(part.value);
      texts.set(part.fieldname, value);
      envelopeBytes += Buffer.byteLength(value);
      continue;
    }
    if (part.fieldname !== FILE_FIELD) {
      part.file.destroy();
      throw fieldError(part.fieldname, `is not an allowed field; send the file as "${FILE_FIELD}"`);
    }
    const parsed = fieldsSchema.safeParse(Object.fromEntries(texts));
    if (!parsed.success) {
      part.file.destroy();
      throw new ZodValidationException(parsed.error);
    }
    // Escaped names in Content-Disposition can take up to three bytes per byte of the name.
    envelopeBytes += 3 * Buffer.byteLength(part.filename ?? '');
    const total = declaredLength(request);
    const name =
      basename((part.filename ?? '').replace(/\\/g, '/'))
        .trim()
        .slice(0, 255) || 'upload';
    return {
      fields: parsed.data,
      file: {
        name,
        bytes: part.file,
        sizeAtLeast: total === undefined ? undefined : Math.max(0, total - envelopeBytes),
      },
    };
  }
  throw fieldError(FILE_FIELD, `is required: a part named "${FILE_FIELD}", after the text fields`);
}

/** A failure of the file stream while it is sent on (the client went away, a broken body): the client's. */
export function uploadStreamError(error: unknown): Error {
  return clientErrorOf(error);
}
