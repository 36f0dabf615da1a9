import 'server-only';

/** What the browser needs to know at run time (read per request, so one image serves any deployment). */
export interface PublicRuntimeConfig {
  /** The gateway's public origin, when it is not this page's host on {@link apiPort}. */
  apiUrl: string | null;
  /** The gateway's port on this page's host (default 8080), used when {@link apiUrl} is not set. */
  apiPort: string;
}

export function publicRuntimeConfig(): PublicRuntimeConfig {
  const apiUrl = process.env.PUBLIC_API_URL?.trim();
  return {
    apiUrl: apiUrl ? apiUrl.replace(/\/+$/, '') : null,
    apiPort: process.env.PUBLIC_API_PORT ?? '8080',
  };
}

/** The gateway as this server reaches it (inside the network), for server-side calls. */
export function internalApiUrl(): string {
  return (process.env.API_INTERNAL_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
}
