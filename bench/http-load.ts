import autocannon from 'autocannon';

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  measureSeconds: number;
  headers?: Record<string, string>;
}

/** A short warm-up, then the measured run; anything but 2xx fails the run, as the figures would mean nothing. */
export async function loadTest(url: string, options: LoadOptions): Promise<LoadFigures> {
  const { connections, headers = {} } = options;
  await autocannon({ url, connections, duration: options.warmupSeconds, headers });
  const result = await autocannon({ url, connections, duration: options.measureSeconds, headers });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${url}: ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)}), ${result.errors} errors, ` +
        `${result.timeouts} timeouts: the figures would not measure the route`,
    );
  }
  return { requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}
