import {
  isNoGroupError,
  parseAutoClaimReply,
  parseFlatMap,
  parsePendingRange,
  parseReadGroupReply,
} from './stream-replies';

describe('stream reply parsers', () => {
  it('reads XREADGROUP entries, a timeout and deleted pending entries', () => {
    expect(parseReadGroupReply(null)).toEqual([]);
    expect(
      parseReadGroupReply([
        [
          's',
          [
            ['1-0', ['a', '1']],
            ['2-0', null],
          ],
        ],
      ]),
    ).toEqual([
      { id: '1-0', fields: ['a', '1'] },
      { id: '2-0', fields: null },
    ]);
  });

  it('reads XAUTOCLAIM with and without the deleted-ids element', () => {
    expect(parseAutoClaimReply(['0-0', [['1-0', ['a', '1']]], ['3-0']])).toEqual({
      next: '0-0',
      entries: [{ id: '1-0', fields: ['a', '1'] }],
      deletedIds: ['3-0'],
    });
    expect(parseAutoClaimReply(['5-0', []]).deletedIds).toEqual([]);
  });

  it('reads the extended XPENDING form', () => {
    expect(parsePendingRange([['1-0', 'c1', 12, 3]])).toEqual([
      { id: '1-0', consumer: 'c1', idleMs: 12, deliveries: 3 },
    ]);
  });

  it('reads flat XINFO maps and rejects odd lengths', () => {
    expect(parseFlatMap(['name', 'g', 'lag', null], 'XINFO')).toEqual({ name: 'g', lag: null });
    expect(() => parseFlatMap(['name'], 'XINFO')).toThrow(/unexpected XINFO reply/);
  });

  it('rejects replies of an unexpected shape, naming the command', () => {
    expect(() => parseReadGroupReply('OK')).toThrow(/XREADGROUP/);
    expect(() => parsePendingRange([['1-0']])).toThrow(/XPENDING/);
  });

  it('recognises NOGROUP errors', () => {
    expect(isNoGroupError(new Error("NOGROUP No such key 's' or consumer group 'g'"))).toBe(true);
    expect(isNoGroupError(new Error('ERR other'))).toBe(false);
    expect(isNoGroupError('NOGROUP')).toBe(false);
  });
});
