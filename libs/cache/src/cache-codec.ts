import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { decode, encode } from '@msgpack/msgpack';

/** The first byte of every stored value says how the rest is encoded. */
export enum CacheEncoding {
  MessagePack = 0x00,
  DeflatedMessagePack = 0x01,
}

/** ARCHITECTURE §6: values above this many MessagePack bytes are compressed. */
export const DEFAULT_COMPRESS_ABOVE_BYTES = 1024;

/** A decoded value; a wrapper so that a cached `undefined` or `null` is still a hit. */
export interface DecodedValue {
  value: unknown;
}

/**
 * MessagePack values (@msgpack/msgpack: plain JS, so no native build to install on any platform), deflate-raw compressed above a size threshold, behind a one-byte header so both forms
 * decode. Deflate-raw rather than brotli: it compresses several times faster than brotli at its default
 * quality, and every miss pays for compression; raw (no zlib header or checksum) because the header byte
 * already says what follows. Synchronous zlib: cached values are query results of a few KiB, for which a
 * trip to the libuv thread pool costs more than the work.
 */
export class CacheCodec {
  constructor(readonly compressAboveBytes: number = DEFAULT_COMPRESS_ABOVE_BYTES) {
    if (!Number.isInteger(compressAboveBytes) || compressAboveBytes < 0) {
      throw new RangeError(`compressAboveBytes must be a whole number ≥ 0, got ${compressAboveBytes}`);
    }
  }

  /** The MessagePack bytes alone (no header); tests compare the stored size against it. */
  pack(value: unknown): Buffer {
    const bytes = encode(value);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  encode(value: unknown): Buffer {
    const packed = this.pack(value);
    if (packed.length > this.compressAboveBytes) {
      const deflated = deflateRawSync(packed, { level: constants.Z_DEFAULT_COMPRESSION });
      // Incompressible data (already compressed blobs) is stored as is rather than grown.
      if (deflated.length < packed.length) return withHeader(CacheEncoding.DeflatedMessagePack, deflated);
    }
    return withHeader(CacheEncoding.MessagePack, packed);
  }

  /** The value, or undefined when the bytes are not a value this codec wrote (a malformed entry is a miss). */
  decode(stored: Buffer): DecodedValue | undefined {
    if (stored.length < 2) return undefined;
    try {
      const body = stored.subarray(1);
      switch (stored[0] as CacheEncoding) {
        case CacheEncoding.MessagePack:
          return { value: decode(body) };
        case CacheEncoding.DeflatedMessagePack:
          return { value: decode(inflateRawSync(body)) };
        default:
          return undefined;
      }
    } catch {
      return undefined;
    }
  }
}

function withHeader(encoding: CacheEncoding, body: Buffer): Buffer {
  return Buffer.concat([Buffer.of(encoding), body]);
}
