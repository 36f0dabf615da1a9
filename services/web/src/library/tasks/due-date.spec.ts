import { isOverdue, isoToZonedInput, zonedInputToIso } from './due-date';

describe('zonedInputToIso', () => {
  it('reads the input in the given zone', () => {
    expect(zonedInputToIso('2026-01-15T09:30', 'UTC')).toBe('2026-01-15T09:30:00.000Z');
    expect(zonedInputToIso('2026-01-15T09:30', 'Europe/Berlin')).toBe('2026-01-15T08:30:00.000Z');
    expect(zonedInputToIso('2026-07-15T09:30', 'Europe/Berlin')).toBe('2026-07-15T07:30:00.000Z');
    expect(zonedInputToIso('2026-01-15T09:30', 'America/New_York')).toBe('2026-01-15T14:30:00.000Z');
  });

  it('crosses the date line correctly', () => {
    expect(zonedInputToIso('2026-01-01T00:15', 'Pacific/Auckland')).toBe('2025-12-31T11:15:00.000Z');
  });

  it('handles the hour after a spring-forward change', () => {
    // Berlin skips 02:00–03:00 on 2026-03-29; 03:30 is CEST (UTC+2).
    expect(zonedInputToIso('2026-03-29T03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('answers null for an empty or malformed value', () => {
    expect(zonedInputToIso('', 'UTC')).toBeNull();
    expect(zonedInputToIso('tomorrow', 'UTC')).toBeNull();
  });

  it('round-trips with isoToZonedInput', () => {
    const iso = zonedInputToIso('2026-10-05T18:45', 'Asia/Kolkata');
    expect(iso).toBe('2026-10-05T13:15:00.000Z');
    expect(isoToZonedInput(iso!, 'Asia/Kolkata')).toBe('2026-10-05T18:45');
  });
});

describe('isOverdue', () => {
  const now = new Date('2026-05-01T12:00:00Z');

  it('is true for an open task due in the past', () => {
    expect(isOverdue({ dueAt: '2026-05-01T11:59:00Z', status: 'todo' }, now)).toBe(true);
    expect(isOverdue({ dueAt: '2026-04-01T00:00:00Z', status: 'in_progress' }, now)).toBe(true);
  });

  it('is false when due later, undated, done or cancelled', () => {
    expect(isOverdue({ dueAt: '2026-05-01T12:01:00Z', status: 'todo' }, now)).toBe(false);
    expect(isOverdue({ dueAt: null, status: 'todo' }, now)).toBe(false);
    expect(isOverdue({ dueAt: '2026-04-01T00:00:00Z', status: 'done' }, now)).toBe(false);
    expect(isOverdue({ dueAt: '2026-04-01T00:00:00Z', status: 'cancelled' }, now)).toBe(false);
  });
});
