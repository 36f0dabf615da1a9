import { Counter, register } from 'prom-client';

const DECISIONS_METRIC = 'tracera_rate_limit_decisions_total';

export type DecisionLabels = 'class' | 'outcome' | 'source';

// Several limiters (and several app instances in one test process) share it; registering twice would throw.
export function decisionsCounter(): Counter<DecisionLabels> {
  return (
    (register.getSingleMetric(DECISIONS_METRIC) as Counter<DecisionLabels> | undefined) ??
    new Counter({
      name: DECISIONS_METRIC,
      help: 'Rate limit decisions by class, outcome (allowed|denied) and source (redis, or per-instance memory when Redis is off or unavailable)',
      labelNames: ['class', 'outcome', 'source'],
    })
  );
}
