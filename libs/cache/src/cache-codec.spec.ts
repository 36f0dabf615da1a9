import { deflateRawSync } from 'node:zlib';
import { CacheCodec, CacheEncoding } from './cache-codec';

describe('CacheCodec', () => {
  const codec = new CacheCodec(1024);

  it('round-trips small values uncompressed behind the MessagePack header', () => {
    const value = { items: [{ id: 'a', score: 1.5, tags: ['x'] }], total: 1, next: null };
    const encoded = codec.encode(value);
    expect(encoded[0]).toBe(CacheEncoding.MessagePack);
    expect(encoded.length).toBe(codec.pack(value).length + 1);
    expect(codec.decode(encoded)).toEqual({ value });
  });

  it('compresses values above the threshold and decodes them back', () => {
    const value = {
      items: Array.from({ length: 200 }, (_, i) => ({ id: i, title: `bookmark number ${i}` })),
    };
    const encoded = codec.encode(value);
    expect(encoded[0]).toBe(CacheEncoding.DeflatedMessagePack);
    expect(encoded.length).toBeLessThan(codec.pack(value).length);
    expect(codec.decode(encoded)).toEqual({ value });
  });

  it('keeps an incompressible value uncompressed rather than growing it', () => {
    const value = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(Math.random() * 256)));
    const encoded = codec.encode(value);
    expect(encoded[0]).toBe(CacheEncoding.MessagePack);
    expect(Buffer.from(codec.decode(encoded)?.value as Uint8Array)).toEqual(value);
  });

  it('tells a cached null or undefined apart from a miss (MessagePack has one nil for both)', () => {
    expect(codec.decode(codec.encode(null))).toEqual({ value: null });
    expect(codec.decode(codec.encode(undefined))).toEqual({ value: null });
  });

  it('round-trips dates, nested arrays and unicode', () => {
    const value = { at: new Date('2026-01-02T03:04:05.678Z'), path: [[1, 2], [3]], name: 'Zoë 🚀' };
    expect(codec.decode(codec.encode(value))).toEqual({ value });
  });

  it('treats empty, unknown-header, truncated and corrupt-deflate bytes as malformed', () => {
    const large = codec.encode({ text: 'y'.repeat(5000) });
    expect(codec.decode(Buffer.alloc(0))).toBeUndefined();
    expect(codec.decode(Buffer.of(CacheEncoding.MessagePack))).toBeUndefined();
    expect(codec.decode(Buffer.of(0x7f, 0x01, 0x02))).toBeUndefined();
    expect(codec.decode(Buffer.from('{not msgpack'))).toBeUndefined();
    expect(codec.decode(large.subarray(0, 10))).toBeUndefined();
    expect(
      codec.decode(Buffer.concat([Buffer.of(CacheEncoding.DeflatedMessagePack), Buffer.from('junk')])),
    ).toBeUndefined();
    // A well-formed deflate stream around bytes that are not MessagePack.
    const truncated = codec.pack({ text: 'z'.repeat(100) }).subarray(0, 20);
    const deflated = Buffer.concat([Buffer.of(CacheEncoding.DeflatedMessagePack), deflateRawSync(truncated)]);
    expect(codec.decode(deflated)).toBeUndefined();
  });

  it('rejects a negative threshold', () => {
    expect(() => new CacheCodec(-1)).toThrow(RangeError);
  });
});
