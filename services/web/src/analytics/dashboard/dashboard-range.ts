/** The periods the dashboard offers; the API accepts exactly these. */
export const DASHBOARD_RANGES = ['7d', '30d', '90d', '365d'] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

export const DEFAULT_DASHBOARD_RANGE: DashboardRange = '30d';

export const DASHBOARD_RANGE_LABELS: Record<DashboardRange, string> = {
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
  '365d': '365 days',
};

/** The range in `?range=`; anything else (absent, mistyped) falls back to the default. */
export function dashboardRangeFromParam(value: string | null | undefined): DashboardRange {
  return DASHBOARD_RANGES.find((range) => range === value) ?? DEFAULT_DASHBOARD_RANGE;
}
