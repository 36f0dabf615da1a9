import { formatByteSize } from './byte-size';

describe('formatByteSize', () => {
  it('shows bytes below a kilobyte as whole bytes', () => {
    expect(formatByteSize(0)).toBe('0 B');
    expect(formatByteSize(999)).toBe('999 B');
  });

  it('uses one decimal below ten units and drops a trailing .0', () => {
    expect(formatByteSize(1000)).toBe('1 kB');
    expect(formatByteSize(1500)).toBe('1.5 kB');
    expect(formatByteSize(2_345_678)).toBe('2.3 MB');
  });

  it('rounds to whole units from ten up', () => {
    expect(formatByteSize(12_345)).toBe('12 kB');
    expect(formatByteSize(734_003_200)).toBe('734 MB');
  });

  it('moves to the next unit instead of showing 1000 of one', () => {
    expect(formatByteSize(999_600)).toBe('1 MB');
    expect(formatByteSize(5_000_000_000_000)).toBe('5 TB');
  });

  it('refuses nonsense', () => {
    expect(formatByteSize(-1)).toBe('—');
    expect(formatByteSize(Number.NaN)).toBe('—');
  });
});
