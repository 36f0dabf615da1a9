import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './gateway-api';
import { ApiProblem } from './problem';

/** The typed client of the public API; paths and bodies come from the gateway's OpenAPI document. */
export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** The gateway's public origin, e.g. `http://localhost:8080`. */
  baseUrl: string;
  /** Called once for any 401, so the app can send the person to sign in. */
  onUnauthorized?: (response: Response) => void;
}

/**
 * Browser calls carry the session cookie (`credentials: 'include'`; the gateway allows the web origin
 * through CORS_ORIGINS). Network failures become {@link ApiProblem}s too, so every caller handles one shape.
 */
export function createApiClient({ baseUrl, onUnauthorized }: ApiClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl, credentials: 'include' });
  client.use({
    onResponse({ response, request }) {
      if (response.status === 401 && !isSignInAttempt(request.url)) onUnauthorized?.(response);
      return undefined;
    },
    onError({ error }) {
      return ApiProblem.unreachable(error);
    },
  });
  return client;
}

function isSignInAttempt(url: string): boolean {
  return /\/api\/v1\/auth\/(login|register|password)$/.test(new URL(url).pathname);
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The answer's data, or an {@link ApiProblem} thrown with the gateway's problem details.
 * `await unwrap(api.GET('/api/v1/bookmarks', { params: { query: { limit: 50 } } }))`
 */
export async function unwrap<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (error) {
    throw error instanceof ApiProblem ? error : ApiProblem.unreachable(error);
  }
  if (result.error !== undefined || !result.response.ok) {
    throw ApiProblem.fromResponse(result.response, result.error);
  }
  return result.data as T;
}
