import { decodeSearchCursor, encodeSearchCursor, queryFingerprint } from './search-cursor';

describe('search cursor', () => {
  const fingerprint = queryFingerprint('query');

  it('round-trips offsets and keyset positions', () => {
    expect(decodeSearchCursor(encodeSearchCursor(fingerprint, { offset: 40 }), fingerprint)).toEqual({
      offset: 40,
    });
    const position = { updatedAt: '2026-11-01T10:00:00.000Z', id: '0194b7e2-0000-7000-8000-000000000001' };
    expect(decodeSearchCursor(encodeSearchCursor(fingerprint, position), fingerprint)).toEqual(position);
  });

  it('refuses a cursor of another query or one it did not make', () => {
    const other = encodeSearchCursor(queryFingerprint('other'), { offset: 20 });
    expect(() => decodeSearchCursor(other, fingerprint)).toThrow(/cursor/);
    expect(() => decodeSearchCursor('not-a-cursor', fingerprint)).toThrow(/cursor/);
    expect(decodeSearchCursor(undefined, fingerprint)).toBeUndefined();
  });
});
