/**
 * The one form of an account name used for login throttling, so `Alice@Example.com ` and
 * `alice@example.com` (and their full-width or decomposed Unicode twins) share one counter.
 */
export function normalizeAccountName(account: string): string {
  // Lower-casing can produce text that is no longer NFKC (e.g. some Greek and Turkish letters), hence twice.
  return account.normalize('NFKC').toLowerCase().normalize('NFKC').trim();
}
