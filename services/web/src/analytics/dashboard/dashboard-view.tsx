'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { useDateFormat } from '../../ui/use-date-format';
import '../analytics.css';
import { SegmentedControl } from '../segmented-control';
import { ActiveHoursChart } from './active-hours-chart';
import { ActivityChart } from './activity-chart';
import { useDashboard } from './dashboard-queries';
import {
  DASHBOARD_RANGE_LABELS,
  DASHBOARD_RANGES,
  type DashboardRange,
  dashboardRangeFromParam,
} from './dashboard-range';
import { RecommendationsPanel } from './recommendations-panel';
import { StreakCard } from './streak-card';
import { TasksSummary } from './tasks-summary';
import { TopTags } from './top-tags';
import { TotalsList } from './totals-list';
import { TrendingPanel } from './trending-panel';
import { useActivityTimeZone } from './use-activity-time-zone';
import { YearHeatmap } from './year-heatmap';

const RANGE_OPTIONS = DASHBOARD_RANGES.map((range) => ({
  value: range,
  label: DASHBOARD_RANGE_LABELS[range],
}));

/** The person's activity over a range (kept in `?range=`), their streak and year, and what is trending. */
export function DashboardView() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const range = dashboardRangeFromParam(searchParams.get('range'));
  const timeZone = useActivityTimeZone();
  const format = useDateFormat();
  const dashboard = useDashboard(range, timeZone);

  const chooseRange = (next: DashboardRange) => {
    const params = new URLSearchParams(searchParams.toString());
    params.set('range', next);
    router.replace(`${pathname}?${params.toString()}`, { scroll: false });
  };

  return (
    <div className="dashboard">
      <div className="page-header">
        <h1>Dashboard</h1>
        <div className="dashboard-controls">
          <SegmentedControl label="Range" options={RANGE_OPTIONS} value={range} onChange={chooseRange} />
          {dashboard.dataUpdatedAt > 0 && (
            <p className="muted dashboard-updated">
              Updated{' '}
              <time dateTime={new Date(dashboard.dataUpdatedAt).toISOString()}>
                {format.preciseTime(new Date(dashboard.dataUpdatedAt))}
              </time>
              {dashboard.isFetching && <span className="spinner" aria-hidden="true" />}
            </p>
          )}
        </div>
      </div>
      {dashboard.isPending ? (
        <LoadingState label="Loading your activity" />
      ) : dashboard.isError && !dashboard.data ? (
        <ProblemAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <>
          {dashboard.isError && (
            <ProblemAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} />
          )}
          <TotalsList totals={dashboard.data.totals} />
          <div className="dashboard-grid">
            <section className="card dashboard-wide" aria-labelledby="activity-heading">
              <h2 id="activity-heading">Activity per day</h2>
              <ActivityChart perDay={dashboard.data.perDay} />
            </section>
            <TasksSummary tasks={dashboard.data.tasks} />
            <TopTags tags={dashboard.data.topTags} />
            <section className="card" aria-labelledby="hours-heading">
              <h2 id="hours-heading">Active hours</h2>
              <ActiveHoursChart hours={dashboard.data.activeHours} />
            </section>
            <StreakCard />
          </div>
        </>
      )}
      <div className="dashboard-grid">
        <YearHeatmap />
        <TrendingPanel />
        <RecommendationsPanel />
      </div>
    </div>
  );
}
