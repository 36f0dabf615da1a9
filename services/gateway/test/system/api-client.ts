/** One `Set-Cookie` header, split into its name, value and attributes (attribute names lower-cased). */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string | true>;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair, ...rest] = header.split(';').map((part) => part.trim());
  const equals = pair.indexOf('=');
  const attributes = new Map<string, string | true>();
  for (const attribute of rest.filter(Boolean)) {
    const at = attribute.indexOf('=');
    if (at < 0) attributes.set(attribute.toLowerCase(), true);
    else attributes.set(attribute.slice(0, at).toLowerCase(), attribute.slice(at + 1));
  }
  return { name: pair.slice(0, equals), value: pair.slice(equals + 1), attributes };
}

/** Whether a `Set-Cookie` tells the browser to drop the cookie (empty value, Max-Age 0 or an expiry in the past). */
export function clearsCookie(cookie: SetCookie): boolean {
  const maxAge = cookie.attributes.get('max-age');
  const expires = cookie.attributes.get('expires');
  return (
    cookie.value === '' ||
    (typeof maxAge === 'string' && Number(maxAge) <= 0) ||
    (typeof expires === 'string' && Date.parse(expires) <= Date.now())
  );
}

/** The cookies a browser would hold, shared by clients pointed at different gateway replicas. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(setCookies: readonly SetCookie[]): void {
    for (const cookie of setCookies) {
      if (clearsCookie(cookie)) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  get header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get size(): number {
    return this.cookies.size;
  }
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or `undefined` for an empty or non-JSON body. */
  body: T;
  text: string;
  setCookies: SetCookie[];
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as `Authorization: Bearer <token>` instead of the jar's cookies. */
  bearer?: string;
  headers?: Record<string, string>;
}

/** A black-box HTTP client of one gateway replica under `/api/v1`, remembering cookies like a browser. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly jar: CookieJar = new CookieJar(),
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  /** The same browser (cookie jar) talking to another replica. */
  on(baseUrl: string): ApiClient {
    return new ApiClient(baseUrl, this.jar, this.defaultHeaders);
  }

  /** The same client, sending these headers with every request too. */
  withHeaders(headers: Record<string, string>): ApiClient {
    return new ApiClient(this.baseUrl, this.jar, { ...this.defaultHeaders, ...headers });
  }

  get<T = Record<string, unknown>>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  post<T = Record<string, unknown>>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, options);
  }

  patch<T = Record<string, unknown>>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, options);
  }

  delete<T = Record<string, unknown>>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path, options);
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...this.defaultHeaders, ...options.headers };
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    else if (this.jar.header) headers.cookie = this.jar.header;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const url = path.startsWith('/health') ? `${this.baseUrl}${path}` : `${this.baseUrl}/api/v1${path}`;
    const response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    const setCookies = response.headers.getSetCookie().map(parseSetCookie);
    if (!options.bearer) this.jar.store(setCookies);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, body: body as T, text, setCookies };
  }
}
