import { compareStreamEntryIds, newerStreamEntryId, parseStreamEntryId } from './stream-entry-id';

describe('stream entry ids', () => {
  it('compares numerically, milliseconds first, then the sequence', () => {
    expect(compareStreamEntryIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareStreamEntryIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareStreamEntryIds('10-10', '10-2')).toBeGreaterThan(0);
    expect(compareStreamEntryIds('5-5', '5-5')).toBe(0);
    expect(newerStreamEntryId('1795424161022-3', '1795424161022-12')).toBe('1795424161022-12');
  });

  it('handles ids beyond the safe integer range', () => {
    expect(parseStreamEntryId('18446744073709551615-18446744073709551615').ms).toBe(18446744073709551615n);
  });

  it('rejects what is not an entry id', () => {
    expect(() => parseStreamEntryId('$')).toThrow(/not a stream entry id/);
    expect(() => parseStreamEntryId('12')).toThrow();
  });
});
