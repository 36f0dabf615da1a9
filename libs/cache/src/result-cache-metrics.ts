import { Counter, register } from 'prom-client';

export type WaitScope = 'local' | 'remote';

// Several caches (and several app instances in one test process) share these; registering twice would throw.
function counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
  return (
    (register.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames })
  );
}

/** Prometheus counters of the result cache, labelled by namespace (a handful: search, dashboard, …). */
export class ResultCacheMetrics {
  private readonly hits = counter(
    'tracera_result_cache_hits_total',
    'Result cache lookups answered from Redis',
    ['namespace'],
  );
  private readonly misses = counter(
    'tracera_result_cache_misses_total',
    'Result cache lookups that found no usable entry (absent or malformed)',
    ['namespace'],
  );
  private readonly fallthroughs = counter(
    'tracera_result_cache_fallthroughs_total',
    'Results computed without the cache because a cache operation failed or the circuit was open',
    ['namespace'],
  );
  private readonly waits = counter(
    'tracera_result_cache_single_flight_waits_total',
    'Misses that waited for another computation of the same entry: in this process (local) or another replica (remote)',
    ['namespace', 'scope'],
  );

  hit(namespace: string): void {
    this.hits.inc({ namespace });
  }

  miss(namespace: string): void {
    this.misses.inc({ namespace });
  }

  fallthrough(namespace: string): void {
    this.fallthroughs.inc({ namespace });
  }

  wait(namespace: string, scope: WaitScope): void {
    this.waits.inc({ namespace, scope });
  }
}
