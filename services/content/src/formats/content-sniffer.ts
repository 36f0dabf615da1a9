/** How many leading bytes `sniffContentType` wants: enough to see inside zip-based office formats. */
export const SNIFF_BYTES = 4100;

const OCTET_STREAM = 'application/octet-stream';

/** Text types chosen by extension once the bytes are known to be text; never an active type like HTML. */
const TEXT_BY_EXTENSION: Record<string, string> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  txt: 'text/plain',
};

/** Legacy Office files share one container; only the extension tells them apart. */
const OLE_BY_EXTENSION: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  msg: 'application/vnd.ms-outlook',
};

/**
 * The media type of an upload from its first bytes (up to `SNIFF_BYTES`), never from what the client
 * claimed. The file name only picks between types the bytes already allow (markdown vs plain text, .doc vs
 * .xls). Valid UTF-8 without NULs or control characters is text; anything unrecognised is
 * application/octet-stream. HTML is reported as text/plain on purpose: it must never be served as a page.
 */
export function sniffContentType(head: Uint8Array, fileName: string): string {
  return binaryType(head, extensionOf(fileName)) ?? textType(head, extensionOf(fileName)) ?? OCTET_STREAM;
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot === -1 ? '' : fileName.slice(dot + 1).toLowerCase();
}

function startsWith(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (head.length < offset + bytes.length) return false;
  return bytes.every((byte, index) => head[offset + index] === byte);
}

function ascii(head: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...head.subarray(from, Math.min(to, head.length)));
}

function binaryType(head: Uint8Array, extension: string): string | null {
  const at = (text: string, offset = 0) => ascii(head, offset, offset + text.length) === text;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at('GIF87a') || at('GIF89a')) return 'image/gif';
  if (at('RIFF') && at('WEBP', 8)) return 'image/webp';
  if (at('RIFF') && at('WAVE', 8)) return 'audio/wav';
  if (at('RIFF') && at('AVI ', 8)) return 'video/x-msvideo';
  if (at('FORM') && (at('AIFF', 8) || at('AIFC', 8))) return 'audio/aiff';
  if (at('II*\0') || at('MM\0*')) return 'image/tiff';
  if (at('BM') && isBmpHeader(head)) return 'image/bmp';
  if (startsWith(head, [0x00, 0x00, 0x01, 0x00]) && head.length > 6 && head[4] + head[5] > 0) {
    return 'image/x-icon';
  }
  if (at('%PDF-')) return 'application/pdf';
  if (at('%!PS')) return 'application/postscript';
  if (at('{\\rtf')) return 'application/rtf';
  if (at('PK\x03\x04') || at('PK\x05\x06')) return zipType(head);
  if (startsWith(head, [0x1f, 0x8b])) return 'application/gzip';
  if (at('BZh')) return 'application/x-bzip2';
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'application/x-xz';
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) return 'application/zstd';
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return 'application/x-7z-compressed';
  if (at('Rar!\x1a\x07')) return 'application/vnd.rar';
  if (at('ustar', 257)) return 'application/x-tar';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return OLE_BY_EXTENSION[extension] ?? 'application/x-ole-storage';
  }
  if (at('SQLite format 3\0')) return 'application/vnd.sqlite3';
  if (at('\0asm')) return 'application/wasm';
  if (at('wOFF')) return 'font/woff';
  if (at('wOF2')) return 'font/woff2';
  if (at('OTTO')) return 'font/otf';
  if (at('ID3') || isMpegAudioFrame(head)) return 'audio/mpeg';
  if (at('fLaC')) return 'audio/flac';
  if (at('OggS')) return oggType(head);
  if (at('MThd')) return 'audio/midi';
  if (at('ftyp', 4)) return isoMediaType(ascii(head, 8, 12));
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    return ascii(head, 0, 64).includes('webm') ? 'video/webm' : 'video/x-matroska';
  }
  return null;
}

/** "BM" alone is too weak (text starts with it); the DIB header size must be one BMP really uses. */
function isBmpHeader(head: Uint8Array): boolean {
  if (head.length < 18) return false;
  const dibSize = head[14] | (head[15] << 8) | (head[16] << 16) | (head[17] << 24);
  return [12, 40, 52, 56, 64, 108, 124].includes(dibSize);
}

/** An MPEG audio frame header: 11 sync bits, a valid version and layer, a bitrate that is not "bad". */
function isMpegAudioFrame(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0xff || (head[1] & 0xe0) !== 0xe0) return false;
  const version = (head[1] >> 3) & 0x03;
  const layer = (head[1] >> 1) & 0x03;
  const bitrate = head[2] >> 4;
  const sampleRate = (head[2] >> 2) & 0x03;
  return version !== 1 && layer !== 0 && bitrate !== 0x0f && sampleRate !== 0x03;
}

function oggType(head: Uint8Array): string {
  // The first packet follows the 27-byte page header and its segment table.
  const packet = 27 + (head[26] ?? 0);
  const first = ascii(head, packet, packet + 8);
  if (first.startsWith('\x80theora')) return 'video/ogg';
  if (first.startsWith('OpusHead')) return 'audio/opus';
  return 'audio/ogg';
}

function isoMediaType(brand: string): string {
  switch (brand.trim()) {
    case 'M4A':
    case 'M4B':
    case 'F4A':
      return 'audio/mp4';
    case 'qt':
      return 'video/quicktime';
    case 'heic':
    case 'heix':
    case 'hevc':
    case 'heim':
    case 'heis':
      return 'image/heic';
    case 'mif1':
    case 'msf1':
      return 'image/heif';
    case 'avif':
    case 'avis':
      return 'image/avif';
    case '3gp4':
    case '3gp5':
    case '3gp6':
    case '3g2a':
      return 'video/3gpp';
    default:
      return 'video/mp4';
  }
}

/** Zip-based formats announce themselves in the first entries: OpenDocument/EPUB via `mimetype`. */
function zipType(head: Uint8Array): string {
  const text = ascii(head, 0, head.length);
  // OpenDocument and EPUB store an uncompressed `mimetype` file first, its content right after its name.
  if (ascii(head, 30, 38) === 'mimetype') {
    const declared = /^mimetype([\w.+/-]+)/.exec(ascii(head, 30, 30 + 100))?.[1] ?? '';
    if (declared.startsWith('application/epub+zip')) return 'application/epub+zip';
    const odf = /^application\/vnd\.oasis\.opendocument\.[a-z.-]+/.exec(declared)?.[0];
    if (odf !== undefined) return odf;
  }
  if (text.includes('[Content_Types].xml') || text.includes('_rels/.rels')) {
    if (text.includes('word/'))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (text.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (text.includes('ppt/'))
      return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  }
  if (text.includes('META-INF/mozilla.rsa')) return 'application/x-xpinstall';
  if (text.includes('AndroidManifest.xml')) return 'application/vnd.android.package-archive';
  return 'application/zip';
}

function textType(head: Uint8Array, extension: string): string | null {
  if (!isUtf8Text(head)) return null;
  const start = new TextDecoder('utf-8')
    .decode(head.subarray(0, 1024))
    .replace(/^\ufeff/, '')
    .trimStart();
  // An SVG root, after at most an XML declaration, comments and a doctype.
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(start)) {
    return 'image/svg+xml';
  }
  if (/^<\?xml\s/i.test(start)) return 'application/xml';
  return TEXT_BY_EXTENSION[extension] ?? 'text/plain';
}

/**
 * Valid UTF-8 (a character cut at the end of the head is fine) with no NUL or other control characters
 * than tab, line breaks, form feed and escape: binary data almost always breaks one of these rules.
 */
function isUtf8Text(head: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return false;
  }
  for (const byte of head) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) {
      return false;
    }
    if (byte === 0x7f) return false;
  }
  return true;
}
