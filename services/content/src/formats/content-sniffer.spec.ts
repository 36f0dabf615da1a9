import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { sniffContentType, SNIFF_BYTES } from './content-sniffer';

const bytes = (...values: (number | string)[]): Uint8Array =>
  Uint8Array.from(
    values.flatMap((value) => (typeof value === 'string' ? [...Buffer.from(value, 'latin1')] : [value])),
  );
const padded = (head: Uint8Array, size = 64): Uint8Array => {
  const out = new Uint8Array(Math.max(size, head.length));
  out.set(head);
  return out;
};

// A complete 1x1 transparent PNG and the start of a real JPEG (JFIF) file.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'JFIF', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01);

describe('sniffContentType', () => {
  it.each<[string, Uint8Array, string?]>([
    ['image/png', PNG],
    ['image/jpeg', padded(JPEG)],
    ['image/gif', padded(bytes('GIF89a', 0x01, 0x00, 0x01, 0x00, 0x80))],
    ['image/webp', padded(bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 '))],
    ['audio/wav', padded(bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt '))],
    ['image/bmp', padded(bytes('BM', 0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0))],
    ['image/tiff', padded(bytes('II*', 0, 8, 0, 0, 0))],
    ['image/x-icon', padded(bytes(0, 0, 1, 0, 1, 0, 16, 16))],
    ['application/pdf', strToU8('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n')],
    ['application/gzip', gzipSync('hello world')],
    ['application/x-7z-compressed', padded(bytes(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04))],
    [
      'application/x-tar',
      padded(bytes('notes.txt'), 257 + 8).map((b, i) =>
        i >= 257 && i < 262 ? 'ustar'.charCodeAt(i - 257) : b,
      ),
    ],
    ['audio/mpeg', padded(bytes('ID3', 0x04, 0x00, 0x00, 0, 0, 0, 0x21))],
    ['audio/mpeg', padded(bytes(0xff, 0xfb, 0x90, 0x64))],
    ['video/mp4', padded(bytes(0, 0, 0, 0x20, 'ftypisom', 0, 0, 2, 0, 'isomiso2avc1mp41'))],
    ['audio/mp4', padded(bytes(0, 0, 0, 0x20, 'ftypM4A ', 0, 0, 2, 0))],
    ['video/quicktime', padded(bytes(0, 0, 0, 0x14, 'ftypqt  ', 0, 0, 2, 0))],
    ['image/heic', padded(bytes(0, 0, 0, 0x18, 'ftypheic', 0, 0, 0, 0))],
    ['audio/ogg', padded(bytes('OggS', 0, 2, ...new Array<number>(20).fill(0), 1, 0x1e, 0x01, 'vorbis'))],
    ['audio/opus', padded(bytes('OggS', 0, 2, ...new Array<number>(20).fill(0), 1, 0x13, 'OpusHead'))],
    ['audio/flac', padded(bytes('fLaC', 0, 0, 0, 0x22))],
    [
      'video/webm',
      padded(bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, 'webm')),
    ],
    ['application/x-ole-storage', padded(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1))],
    ['application/msword', padded(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)), 'report.DOC'],
    ['application/vnd.sqlite3', padded(bytes('SQLite format 3', 0))],
    ['application/wasm', padded(bytes(0, 'asm', 1, 0, 0, 0))],
  ])('recognises %s', (expected, head, fileName = 'upload.bin') => {
    expect(sniffContentType(head, fileName)).toBe(expected);
  });

  it('tells zip-based formats apart by their entries', () => {
    const zip = zipSync({ 'a.txt': strToU8('hello') });
    expect(sniffContentType(zip, 'a.zip')).toBe('application/zip');
    const docx = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      '_rels/.rels': strToU8('<Relationships/>'),
      'word/document.xml': strToU8('<w:document/>'),
    });
    expect(sniffContentType(docx, 'x.zip')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<w/>') });
    expect(sniffContentType(xlsx, 'x')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const epub = zipSync({
      mimetype: [strToU8('application/epub+zip'), { level: 0 }],
      'META-INF/container.xml': strToU8('<container/>'),
    });
    expect(sniffContentType(epub, 'book.zip')).toBe('application/epub+zip');
    const odt = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }] });
    expect(sniffContentType(odt, 'x')).toBe('application/vnd.oasis.opendocument.text');
  });

  it('recognises SVG whether or not it has an XML declaration, and other XML', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect/></svg>';
    expect(sniffContentType(strToU8(svg), 'icon.txt')).toBe('image/svg+xml');
    expect(sniffContentType(strToU8(`<?xml version="1.0"?>\n<!-- made by hand -->\n${svg}`), 'x')).toBe(
      'image/svg+xml',
    );
    expect(
      sniffContentType(
        strToU8(`<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">${svg}`),
        'x',
      ),
    ).toBe('image/svg+xml');
    expect(sniffContentType(strToU8('<?xml version="1.0"?><feed><title>svg</title></feed>'), 'x')).toBe(
      'application/xml',
    );
  });

  it('calls valid UTF-8 text text, refining only by extension', () => {
    const text = strToU8('# Notes\n\nCafé, 日本語, emoji 🎉\r\n\ttabbed\n');
    expect(sniffContentType(text, 'notes.md')).toBe('text/markdown');
    expect(sniffContentType(text, 'notes.txt')).toBe('text/plain');
    expect(sniffContentType(text, 'notes')).toBe('text/plain');
    expect(sniffContentType(strToU8('a,b\n1,2\n'), 'data.CSV')).toBe('text/csv');
    expect(sniffContentType(strToU8('{"a":1}'), 'data.json')).toBe('application/json');
    // HTML and scripts are text: never served back as something a browser runs.
    expect(sniffContentType(strToU8('<html><script>alert(1)</script></html>'), 'page.html')).toBe(
      'text/plain',
    );
    expect(sniffContentType(new Uint8Array(0), 'empty.txt')).toBe('text/plain');
  });

  it('accepts a character cut at the end of the sniffed bytes', () => {
    const full = strToU8(`${'a'.repeat(SNIFF_BYTES - 2)}🎉🎉`);
    expect(sniffContentType(full.subarray(0, SNIFF_BYTES), 'x.txt')).toBe('text/plain');
  });

  it('ignores what the name claims when the bytes disagree', () => {
    expect(sniffContentType(PNG, 'document.pdf')).toBe('image/png');
    expect(sniffContentType(strToU8('just text'), 'photo.jpg')).toBe('text/plain');
    expect(sniffContentType(strToU8('BMW and Audi'), 'cars.bmp')).toBe('text/plain');
  });

  it('calls anything else application/octet-stream', () => {
    expect(sniffContentType(strToU8('text with a NUL\0 inside'), 'a.txt')).toBe('application/octet-stream');
    expect(sniffContentType(bytes(0xc3, 0x28, 0x41), 'a.txt')).toBe('application/octet-stream');
    expect(sniffContentType(bytes(0x7f, 'ELF', 2, 1, 1, 0), 'a.txt')).toBe('application/octet-stream');
    expect(
      sniffContentType(
        Uint8Array.from({ length: 512 }, (_, i) => (i * 73 + 11) % 256),
        'x',
      ),
    ).toBe('application/octet-stream');
  });
});
