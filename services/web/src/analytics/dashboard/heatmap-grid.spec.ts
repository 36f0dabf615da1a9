import { addDays } from '../calendar-days';
import {
  heatCellTitle,
  heatLevel,
  heatmapGrid,
  heatmapSummary,
  heatmapSummaryText,
  heatThresholds,
} from './heatmap-grid';

function year(first: string, length: number, countOf: (index: number) => number = () => 0) {
  return Array.from({ length }, (_, index) => ({ date: addDays(first, index), count: countOf(index) }));
}

describe('heatmapGrid', () => {
  it('puts 1 January in week 0 on its weekday and wraps weeks on Saturday', () => {
    // 2026-01-01 is a Thursday.
    const { cells } = heatmapGrid(year('2026-01-01', 365));
    expect(cells[0]).toMatchObject({ date: '2026-01-01', week: 0, weekday: 4 });
    expect(cells[2]).toMatchObject({ date: '2026-01-03', week: 0, weekday: 6 });
    expect(cells[3]).toMatchObject({ date: '2026-01-04', week: 1, weekday: 0 });
  });

  it('spans 53 weeks for a usual year and 54 for a leap year starting on Saturday', () => {
    expect(heatmapGrid(year('2026-01-01', 365)).weeks).toBe(53);
    // 2028-01-01 is a Saturday and 2028 is a leap year.
    expect(heatmapGrid(year('2028-01-01', 366)).weeks).toBe(54);
  });

  it('labels every month at the week of its first day', () => {
    const { months } = heatmapGrid(year('2026-01-01', 365));
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ label: 'Jan', week: 0 });
    // 2026-02-01 is a Sunday, the 32nd day: (31 + 4) / 7 = week 5.
    expect(months[1]).toEqual({ label: 'Feb', week: 5 });
    expect(months[11].label).toBe('Dec');
  });

  it('draws nothing for no days', () => {
    expect(heatmapGrid([])).toEqual({ cells: [], weeks: 0, months: [] });
  });

  it('gives empty days level 0 and only the busiest quarter level 4', () => {
    const { cells } = heatmapGrid(year('2026-01-01', 8, (index) => index));
    expect(cells.map((cell) => cell.level)).toEqual([0, 1, 1, 2, 2, 3, 3, 4]);
  });
});

describe('heat levels', () => {
  it('splits the active days at their quartiles', () => {
    expect(heatThresholds([0, 1, 2, 3, 4, 5, 6, 7, 8, 0])).toEqual([2, 4, 6]);
  });

  it('ignores empty days when computing quartiles', () => {
    expect(heatThresholds([0, 0, 0, 10])).toEqual([10, 10, 10]);
    expect(heatLevel(10, [10, 10, 10])).toBe(1);
    expect(heatThresholds([0, 0])).toEqual([0, 0, 0]);
  });

  it('maps counts to levels by threshold', () => {
    const thresholds: [number, number, number] = [2, 4, 6];
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map((count) => heatLevel(count, thresholds))).toEqual([
      0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]);
  });
});

describe('heatCellTitle', () => {
  it('says how many items on which day', () => {
    expect(heatCellTitle({ date: '2026-11-20', count: 3 })).toBe('3 items on 2026-11-20');
    expect(heatCellTitle({ date: '2026-11-21', count: 1 })).toBe('1 item on 2026-11-21');
    expect(heatCellTitle({ date: '2026-11-22', count: 0 })).toBe('0 items on 2026-11-22');
  });
});

describe('heatmapSummary', () => {
  it('totals the year, counts active days and finds the first busiest day', () => {
    expect(
      heatmapSummary([
        { date: '2026-01-01', count: 0 },
        { date: '2026-01-02', count: 4 },
        { date: '2026-01-03', count: 1 },
        { date: '2026-01-04', count: 4 },
      ]),
    ).toEqual({ total: 9, activeDays: 3, busiest: { date: '2026-01-02', count: 4 } });
  });

  it('has no busiest day in an empty year', () => {
    expect(heatmapSummary([{ date: '2026-01-01', count: 0 }])).toEqual({
      total: 0,
      activeDays: 0,
      busiest: null,
    });
  });
});

describe('heatmapSummaryText', () => {
  it('says the total, the active days and the busiest day', () => {
    expect(
      heatmapSummaryText({ total: 9, activeDays: 3, busiest: { date: '2026-11-20', count: 4 } }, 2026),
    ).toBe('9 items on 3 days in 2026; busiest Fri, Nov 20, 2026 with 4.');
    expect(
      heatmapSummaryText({ total: 1, activeDays: 1, busiest: { date: '2026-01-02', count: 1 } }, 2026),
    ).toBe('1 item on 1 day in 2026; busiest Fri, Jan 2, 2026 with 1.');
  });

  it('says when the year is empty', () => {
    expect(heatmapSummaryText({ total: 0, activeDays: 0, busiest: null }, 2025)).toBe('No activity in 2025.');
  });
});
