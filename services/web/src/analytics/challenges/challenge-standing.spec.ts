import { leaderboardAnnouncement, progressPercent } from './challenge-standing';

const ME = 'me-id';

function entry(userId: string, rank: number) {
  return { userId, rank, username: userId, displayName: userId === ME ? 'Me' : `Person ${userId}` };
}

describe('progressPercent', () => {
  it('is the whole percent of the target reached, capped at 100', () => {
    expect(progressPercent(0, 10)).toBe(0);
    expect(progressPercent(3, 8)).toBe(37);
    expect(progressPercent(12, 10)).toBe(100);
  });
});

describe('leaderboardAnnouncement', () => {
  const board = (meRank: number | null, leader: string) => ({
    items: [entry(leader, 1), entry(leader === 'b' ? 'c' : 'b', 2)],
    me: meRank === null ? null : { rank: meRank, score: 1 },
  });

  it('says nothing on the first load or when nothing moved', () => {
    expect(leaderboardAnnouncement(undefined, board(2, 'a'), ME)).toBeNull();
    expect(leaderboardAnnouncement(board(2, 'a'), board(2, 'a'), ME)).toBeNull();
  });

  it('announces the person moving up or down', () => {
    expect(leaderboardAnnouncement(board(3, 'a'), board(2, 'a'), ME)).toBe('You moved up to rank 2.');
    expect(leaderboardAnnouncement(board(2, 'a'), board(4, 'a'), ME)).toBe('You moved down to rank 4.');
  });

  it('announces the rank of someone who just joined', () => {
    expect(leaderboardAnnouncement(board(null, 'a'), board(5, 'a'), ME)).toBe('You are ranked 5.');
  });

  it('announces a new leader, in the first person when it is the person', () => {
    expect(leaderboardAnnouncement(board(2, 'a'), board(2, 'b'), ME)).toBe('Person b took the lead.');
    expect(leaderboardAnnouncement(board(2, 'a'), board(1, ME), ME)).toBe(
      'You moved up to rank 1. You took the lead.',
    );
  });
});
