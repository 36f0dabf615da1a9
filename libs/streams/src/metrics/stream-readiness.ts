import { type ReadinessCheck } from '@tracera/observability';
import { type RedisConnection } from '@tracera/redis';
import { measureLag, readGroupProgress, type StreamGroup } from './group-progress';

export interface StreamLagReadinessOptions {
  redis: RedisConnection;
  groups: readonly StreamGroup[];
  /** Readiness fails while any group has more undelivered entries than this. */
  maxLag: number;
  /** Default `streams`. */
  name?: string;
  /** Default true: a service far behind its streams should not take traffic that depends on them. */
  critical?: boolean;
}

interface GroupReport extends StreamGroup {
  lag: number | null;
  pending: number | null;
  problem?: string;
}

/**
 * A readiness check reporting lag and pending entries of every given group, failing when a group lags by
 * more than `maxLag` entries or does not exist (its consumer has not started, or Redis lost it).
 */
export function streamLagReadinessCheck(options: StreamLagReadinessOptions): ReadinessCheck {
  const { redis, groups, maxLag } = options;
  return {
    name: options.name ?? 'streams',
    critical: options.critical ?? true,
    async check() {
      const streams = [...new Set(groups.map((g) => g.stream))];
      const progress = new Map(
        await Promise.all(streams.map(async (s) => [s, await readGroupProgress(redis, s)] as const)),
      );
      const reports: GroupReport[] = await Promise.all(
        groups.map(async ({ stream, group }): Promise<GroupReport> => {
          const found = progress.get(stream)?.find((g) => g.group === group);
          if (!found) return { stream, group, lag: null, pending: null, problem: 'group does not exist' };
          const { lag, atLeast } = await measureLag(redis, stream, found, maxLag + 1);
          const report: GroupReport = { stream, group, lag, pending: found.pending };
          if (lag > maxLag) report.problem = `lag ${atLeast ? 'over ' : ''}${lag} exceeds ${maxLag}`;
          return report;
        }),
      );
      const problems = reports.filter((r) => r.problem);
      if (problems.length > 0) {
        throw new Error(problems.map((r) => `${r.stream} group ${r.group}: ${r.problem}`).join('; '));
      }
      return { maxLag, groups: reports };
    },
  };
}
