/**
 * Media types a browser may render from a user's file without running anything of it. Anything else
 * (HTML, SVG, scripts, archives, unknown) is served as opaque bytes, so an uploaded page cannot act as ours.
 */
const RENDERABLE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'application/pdf',
  'text/plain',
]);
const RENDERABLE_FAMILIES = ['audio/', 'video/'];

/** The Content-Type a user's file is served with: its sniffed type when harmless, else octet-stream. */
export function servedFileContentType(sniffed: string): string {
  const essence = sniffed.split(';')[0].trim().toLowerCase();
  if (essence === 'text/plain') return 'text/plain; charset=utf-8';
  if (RENDERABLE_TYPES.has(essence) || RENDERABLE_FAMILIES.some((family) => essence.startsWith(family))) {
    return essence;
  }
  return 'application/octet-stream';
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `attachment` with the name twice (RFC 6266): a plain ASCII fallback for old clients (anything else, and the
 * quote and backslash that would end the string early, become `_`) and the exact UTF-8 name in `filename*`.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}
