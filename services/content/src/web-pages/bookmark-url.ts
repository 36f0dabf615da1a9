import { URL_MAX } from '@tracera/contracts';

/** A bookmark's URL in the one spelling the service stores and compares (one bookmark per URL per user). */
export interface NormalizedUrl {
  url: string;
  /** Host without a leading `www.`, for trending and filters. */
  domain: string;
}

export class InvalidBookmarkUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBookmarkUrlError';
  }
}

/** Query parameters that only tell a site where a visitor came from; they never change the page. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'mc_cid',
  'mc_eid',
  'igshid',
  'ref_src',
  'ref_url',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_'];

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * Normalizes an absolute http(s) URL: the WHATWG parser lower-cases scheme and host, turns IDN hosts into
 * punycode and drops default ports; we also drop the fragment and tracking parameters, keeping the other
 * parameters in their order (their order can matter to the site).
 */
export function normalizeBookmarkUrl(raw: string): NormalizedUrl {
  const trimmed = raw.trim();
  if (trimmed === '') throw new InvalidBookmarkUrlError('URL is empty');
  if (trimmed.length > URL_MAX) throw new InvalidBookmarkUrlError(`URL is longer than ${URL_MAX} characters`);
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new InvalidBookmarkUrlError('not an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidBookmarkUrlError(`only http and https URLs can be bookmarked, not ${parsed.protocol}`);
  }
  if (parsed.hostname === '') throw new InvalidBookmarkUrlError('URL has no host');
  if (parsed.username !== '' || parsed.password !== '') {
    throw new InvalidBookmarkUrlError('URL must not contain a user name or password');
  }
  parsed.hash = '';
  const kept = [...parsed.searchParams].filter(([name]) => !isTrackingParam(name));
  if (kept.length !== [...parsed.searchParams].length) {
    // Rebuilding the query re-encodes it, so only do so when something was removed.
    parsed.search = new URLSearchParams(kept).toString();
  }
  let url = parsed.href;
  // `https://a.b/?` keeps a bare `?` after the last parameter is removed; it means nothing.
  if (parsed.search === '' && url.endsWith('?')) url = url.slice(0, -1);
  if (url.length > URL_MAX) throw new InvalidBookmarkUrlError(`URL is longer than ${URL_MAX} characters`);
  const host = parsed.hostname.replace(/\.$/, '');
  return { url, domain: host.startsWith('www.') ? host.slice(4) : host };
}
