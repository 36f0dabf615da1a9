import { dateFromEpoch } from './epoch-date';

describe('dateFromEpoch', () => {
  it('reads seconds, milliseconds and microseconds', () => {
    const when = new Date('2024-05-01T12:00:00Z');
    const seconds = when.getTime() / 1000;
    expect(dateFromEpoch(String(seconds))).toEqual(when);
    expect(dateFromEpoch(String(seconds * 1000))).toEqual(when);
    expect(dateFromEpoch(String(seconds * 1_000_000))).toEqual(when);
  });

  it('treats missing, zero and garbage values as unknown', () => {
    expect(dateFromEpoch(undefined)).toBeNull();
    expect(dateFromEpoch('0')).toBeNull();
    expect(dateFromEpoch('-5')).toBeNull();
    expect(dateFromEpoch('yesterday')).toBeNull();
  });
});
