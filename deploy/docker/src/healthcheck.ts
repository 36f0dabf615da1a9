#!/nodejs/bin/node
// The image's /healthcheck: distroless has no shell or curl, so the container health check is this script.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export const HEALTHCHECK_TIMEOUT_MS = 3000;

/** Each service's port when PORT is not set (the `defaultPort` of its service definition). */
export const SERVICE_DEFAULT_PORTS: Readonly<Record<string, number>> = {
  gateway: 8080,
  auth: 8081,
  content: 8082,
  'search-cache': 8083,
  messaging: 8084,
  analytics: 8085,
};

export type HealthcheckResult = { healthy: true } | { healthy: false; reason: string };

/**
 * The readiness URL to probe: HEALTHCHECK_URL as given, else HEALTHCHECK_PATH (default /health/ready) on
 * loopback at PORT, else at the default port of the image's service (TRACERA_SERVICE, set by the Dockerfile).
 */
export function readinessUrl(env: NodeJS.ProcessEnv): string {
  if (env.HEALTHCHECK_URL) return env.HEALTHCHECK_URL;
  const port = env.PORT || SERVICE_DEFAULT_PORTS[env.TRACERA_SERVICE ?? ''];
  if (!port) throw new Error('PORT is not set and TRACERA_SERVICE names no service with a default port');
  return `http://127.0.0.1:${port}${env.HEALTHCHECK_PATH || '/health/ready'}`;
}

/** Where a URL points, without credentials or query (they may hold secrets and this goes to the logs). */
function describeTarget(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** GETs `url` once; healthy on a 2xx answer within `timeoutMs` (the whole exchange, body included). */
export function checkReadiness(url: string, timeoutMs = HEALTHCHECK_TIMEOUT_MS): Promise<HealthcheckResult> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ healthy: false, reason: 'invalid health check URL' });
      return;
    }
    const where = describeTarget(target);
    const request = { 'http:': httpRequest, 'https:': httpsRequest }[target.protocol];
    if (!request) {
      resolve({ healthy: false, reason: `${where}: only http and https URLs are supported` });
      return;
    }
    let settled = false;
    const finish = (result: HealthcheckResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = request(target, { method: 'GET', headers: { accept: 'application/json' } }, (response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      response.once('end', () =>
        finish(
          status >= 200 && status < 300
            ? { healthy: true }
            : { healthy: false, reason: `${where} answered ${status}` },
        ),
      );
      response.once('error', (error) => finish({ healthy: false, reason: `${where}: ${error.message}` }));
    });
    const timer = setTimeout(
      () => finish({ healthy: false, reason: `${where} did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    req.once('error', (error: NodeJS.ErrnoException) =>
      finish({ healthy: false, reason: `${where}: ${error.code ?? error.message}` }),
    );
    req.end();
  });
}

/** Exit code for the container runtime: 0 healthy, 1 otherwise, with one line on stderr saying why. */
export async function runHealthcheck(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let url: string;
  try {
    url = readinessUrl(env);
  } catch (error) {
    process.stderr.write(`healthcheck: ${(error as Error).message}\n`);
    return 1;
  }
  const result = await checkReadiness(url);
  if (result.healthy) return 0;
  process.stderr.write(`healthcheck: ${result.reason}\n`);
  return 1;
}

if (require.main === module) {
  void runHealthcheck().then((code) => process.exit(code));
}
