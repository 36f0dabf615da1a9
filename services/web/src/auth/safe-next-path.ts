/** Pages a finished sign-in must not return to (they would only send the person on again). */
const SIGNED_OUT_PAGES = ['/sign-in', '/register', '/setup'];
const PLACEHOLDER_ORIGIN = 'https://tracera.invalid';

/**
 * The `?next=` target if it is a path on this site, else null: never another origin, so a crafted link
 * cannot use the sign-in page to send someone elsewhere (`//evil.example`, `/\evil.example`, `https:…`).
 */
export function safeNextPath(raw: string | string[] | null | undefined): string | null {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//')) return null;
  // Browsers read `\` as `/` and drop tabs and newlines, so `/\evil` and `/\t/evil` are other hosts.
  if ([...raw].some(isBackslashOrControl)) return null;
  let url: URL;
  try {
    url = new URL(raw, PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return null;
  if (SIGNED_OUT_PAGES.includes(url.pathname)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

function isBackslashOrControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return char === '\\' || code < 0x20 || code === 0x7f;
}
