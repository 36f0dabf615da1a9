/**
 * The href to render for a link the person (or an import) supplied: only http(s) URLs become links, so a stored
 * `javascript:` or `data:` URL can never run in one click. Anything else answers undefined: show it as text.
 */
export function safeExternalHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
}
