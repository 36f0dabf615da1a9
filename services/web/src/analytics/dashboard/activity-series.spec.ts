import {
  activeHoursSummary,
  activitySummary,
  dayActivityTitle,
  hourLabel,
  kindsInSeries,
  labelledDayIndexes,
  scaleTicks,
  stackPerDay,
} from './activity-series';

describe('stackPerDay', () => {
  it('stacks kinds bottom to top in the fixed order, summing the types of a kind', () => {
    const [day] = stackPerDay([
      {
        date: '2026-11-20',
        counts: { note_created: 2, bookmark_saved: 3, bookmark_updated: 1, signed_in: 5 },
      },
    ]);
    expect(day).toEqual({
      date: '2026-11-20',
      total: 6,
      segments: [
        { kind: 'bookmark', count: 4, from: 0, to: 4 },
        { kind: 'note', count: 2, from: 4, to: 6 },
      ],
    });
  });

  it('keeps empty days as bars of height 0', () => {
    expect(stackPerDay([{ date: '2026-11-21', counts: {} }])).toEqual([
      { date: '2026-11-21', total: 0, segments: [] },
    ]);
  });
});

describe('kindsInSeries', () => {
  it('lists the kinds that occur on any day', () => {
    const days = stackPerDay([
      { date: '2026-11-20', counts: { message_sent: 1 } },
      { date: '2026-11-21', counts: { task_created: 1, file_uploaded: 0 } },
    ]);
    expect(kindsInSeries(days)).toEqual(['task', 'message']);
  });
});

describe('scaleTicks', () => {
  it('uses round steps that reach the maximum', () => {
    expect(scaleTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(scaleTicks(10)).toEqual([0, 5, 10]);
    expect(scaleTicks(130)).toEqual([0, 50, 100, 150]);
    expect(scaleTicks(1000)).toEqual([0, 500, 1000]);
  });

  it('never steps by fractions', () => {
    expect(scaleTicks(1)).toEqual([0, 1]);
    expect(scaleTicks(3)).toEqual([0, 1, 2, 3]);
  });

  it('draws 0–1 for an empty series', () => {
    expect(scaleTicks(0)).toEqual([0, 1]);
  });
});

describe('labelledDayIndexes', () => {
  it('labels every day when they fit', () => {
    expect(labelledDayIndexes(7, 8)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('spaces labels evenly and always labels the last day', () => {
    expect(labelledDayIndexes(30, 6)).toEqual([4, 9, 14, 19, 24, 29]);
    expect(labelledDayIndexes(0, 6)).toEqual([]);
  });
});

describe('day titles and the chart summary', () => {
  const days = stackPerDay([
    { date: '2026-11-19', counts: {} },
    { date: '2026-11-20', counts: { bookmark_saved: 3, note_created: 1 } },
    { date: '2026-11-21', counts: { task_completed: 2 } },
  ]);

  it('names each kind and count of a day', () => {
    expect(dayActivityTitle(days[1])).toBe('Fri, Nov 20, 2026: Bookmarks 3, Notes 1');
    expect(dayActivityTitle(days[0])).toBe('Thu, Nov 19, 2026: no activity');
  });

  it('sums the period up with its busiest day', () => {
    expect(activitySummary(days)).toBe(
      'Activity per day, Nov 19 to Nov 21: 6 actions in total, busiest Nov 20 with 4.',
    );
    expect(activitySummary(days.slice(0, 1))).toBe('Activity per day, Nov 19 to Nov 19: no activity.');
    expect(activitySummary([])).toBe('Activity per day: no days in this period.');
  });
});

describe('active hours', () => {
  it('labels hours on the 24-hour clock', () => {
    expect(hourLabel(0)).toBe('00:00');
    expect(hourLabel(14)).toBe('14:00');
  });

  it('names the busiest hour (the earliest on a tie)', () => {
    const hours = Array.from({ length: 24 }, () => 0);
    expect(activeHoursSummary(hours)).toBe('Activity by hour of day: no activity.');
    hours[9] = 4;
    hours[14] = 4;
    hours[2] = 1;
    expect(activeHoursSummary(hours)).toBe('Activity by hour of day: 9 actions, most at 09:00–09:59 with 4.');
  });
});
