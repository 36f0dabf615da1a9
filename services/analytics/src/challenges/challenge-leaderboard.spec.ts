import { memberOf, userOf } from './challenge-leaderboard';

/** ZREVRANGE's order among equal scores: members compared bytewise, largest first. */
function revLex(members: string[]): string[] {
  return [...members].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

describe('leaderboard member encoding', () => {
  const small = '0a3e0c1e-0000-4000-8000-000000000001';
  const large = 'f0000000-ffff-4fff-bfff-ffffffffffff';
  const middle = '7fffffff-0000-4000-8000-000000000000';

  it('puts an earlier reached_at first among equal scores', () => {
    const earlier = memberOf(large, new Date('2026-11-01T10:00:00.000Z'));
    const later = memberOf(small, new Date('2026-11-01T10:00:00.001Z'));
    expect(revLex([later, earlier])).toEqual([earlier, later]);
  });

  it('puts the smaller user id first at the same reached_at, and never-reached last', () => {
    const at = new Date('2026-11-01T10:00:00.000Z');
    const members = [memberOf(large, at), memberOf(middle, at), memberOf(small, at), memberOf(small, null)];
    expect(revLex(members).map(userOf)).toEqual([small, middle, large, small]);
    expect(revLex([memberOf(large, null), memberOf(small, null)]).map(userOf)).toEqual([small, large]);
  });

  it('gives back the user id', () => {
    expect(userOf(memberOf(middle, new Date()))).toBe(middle);
    expect(userOf(memberOf(large.toUpperCase(), null))).toBe(large);
  });
});
