/**
 * The dashboard groups the API's activity types (`bookmark_saved`, `task_completed`, …) into five kinds,
 * one colour and one label each. Signing in is activity for the server but not something to chart.
 */
export const ACTIVITY_KINDS = ['bookmark', 'note', 'task', 'file', 'message'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  bookmark: 'Bookmarks',
  note: 'Notes',
  task: 'Tasks',
  file: 'Files',
  message: 'Messages',
};

/** The CSS custom property that colours a kind in every chart (defined for light and dark themes). */
export const ACTIVITY_KIND_COLORS: Record<ActivityKind, string> = {
  bookmark: 'var(--chart-bookmark)',
  note: 'var(--chart-note)',
  task: 'var(--chart-task)',
  file: 'var(--chart-file)',
  message: 'var(--chart-message)',
};

const KIND_OF_ACTIVITY_TYPE: Record<string, ActivityKind> = {
  bookmark_saved: 'bookmark',
  bookmark_imported: 'bookmark',
  bookmark_updated: 'bookmark',
  note_created: 'note',
  note_updated: 'note',
  task_created: 'task',
  task_updated: 'task',
  task_completed: 'task',
  file_uploaded: 'file',
  message_sent: 'message',
  reaction_added: 'message',
};

/** The kind an API activity type counts towards, or null for types the dashboard does not chart. */
export function kindOfActivityType(type: string): ActivityKind | null {
  return KIND_OF_ACTIVITY_TYPE[type] ?? null;
}

export type KindCounts = Partial<Record<ActivityKind, number>>;

/**
 * Sums `{activityType: n}` into `{kind: n}`. A kind is present when any of its types is, even with 0, so
 * the totals show exactly the kinds the API reported.
 */
export function countsByKind(counts: Readonly<Record<string, number>>): KindCounts {
  const byKind: KindCounts = {};
  for (const [type, count] of Object.entries(counts)) {
    const kind = kindOfActivityType(type);
    if (kind !== null) byKind[kind] = (byKind[kind] ?? 0) + count;
  }
  return byKind;
}

export interface KindTotal {
  kind: ActivityKind;
  label: string;
  count: number;
}

/** The kinds present in `counts`, in the fixed display order. */
export function kindTotals(counts: KindCounts): KindTotal[] {
  return ACTIVITY_KINDS.filter((kind) => counts[kind] !== undefined).map((kind) => ({
    kind,
    label: ACTIVITY_KIND_LABELS[kind],
    count: counts[kind] ?? 0,
  }));
}
