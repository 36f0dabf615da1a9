/**
 * A person-readable name for the device behind a session ("Firefox on Windows"). Deliberately simple: a few
 * ordered patterns, no version numbers; the raw string stays available as a tooltip for anything unusual.
 */
export interface UserAgentSummary {
  browser: string;
  os: string | null;
  /** `browser on os`, or just the browser when the system is unknown. */
  label: string;
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", Android also says "Linux".
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(HeadlessChrome|Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/^curl\//, 'curl'],
  [/^(node|undici)\b/i, 'Node.js'],
  [/^python-requests\//, 'Python requests'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bWindows\b/, 'Windows'],
  [/\b(iPhone|iPod)\b/, 'iOS'],
  [/\biPad\b/, 'iPadOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\b(Mac OS X|Macintosh)\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

const UNKNOWN = 'Unknown device';

export function summarizeUserAgent(userAgent: string | null | undefined): UserAgentSummary {
  const text = userAgent?.trim() ?? '';
  if (text === '') return { browser: UNKNOWN, os: null, label: UNKNOWN };
  const browser = BROWSERS.find(([pattern]) => pattern.test(text))?.[1] ?? firstProduct(text);
  const os = SYSTEMS.find(([pattern]) => pattern.test(text))?.[1] ?? null;
  return { browser, os, label: os ? `${browser} on ${os}` : browser };
}

/** `SomeClient/1.2 (…)` → `SomeClient`: scripts and apps usually lead with their own name. */
function firstProduct(text: string): string {
  const product = text.split(/[\s/(]/, 1)[0];
  return product && product !== 'Mozilla' ? product : UNKNOWN;
}
