/** The gateway origin the browser calls: the configured one, else this page's host on the API port. */
export function resolveApiOrigin(
  config: { apiUrl: string | null; apiPort: string },
  location: { protocol: string; hostname: string },
): string {
  if (config.apiUrl) return config.apiUrl;
  // An IPv6 literal keeps its brackets in an origin.
  const host = location.hostname.includes(':') ? `[${location.hostname}]` : location.hostname;
  return `${location.protocol}//${host}:${config.apiPort}`;
}
