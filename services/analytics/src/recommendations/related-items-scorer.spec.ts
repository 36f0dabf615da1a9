import { RelatedItemsScorer, type ScoredItem } from './related-items-scorer';
import { jaccard, titleWords } from './title-words';

const now = new Date('2026-11-23T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
let counter = 0;

function item(overrides: Partial<ScoredItem>): ScoredItem {
  counter += 1;
  return {
    type: 'note',
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    title: `Item ${counter}`,
    tags: [],
    domain: null,
    done: false,
    touchedAt: daysAgo(60),
    ...overrides,
  };
}

const scorer = new RelatedItemsScorer();

describe('titleWords', () => {
  it('lower-cases, splits on anything but letters and digits, drops stop words and single letters', () => {
    expect([...titleWords('The Rust Book: Async in Depth (2nd ed.) — ç/Über')]).toEqual([
      'rust',
      'book',
      'async',
      'depth',
      '2nd',
      'ed',
      'über',
    ]);
  });

  it('measures overlap as Jaccard', () => {
    expect(jaccard(titleWords('async rust tokio'), titleWords('tokio async runtime'))).toBeCloseTo(2 / 4);
    expect(jaccard(new Set(), titleWords('x'))).toBe(0);
  });
});

describe('RelatedItemsScorer', () => {
  it('suggests items sharing a tag with a recent seed, naming the seed', () => {
    const seed = item({ title: 'Async in depth', tags: ['rust'], touchedAt: daysAgo(1) });
    const related = item({ title: 'Ownership', tags: ['rust'] });
    const unrelated = item({ title: 'Sourdough', tags: ['baking'] });
    const result = scorer.recommend([seed, related, unrelated], now, 10);
    expect(result.map((entry) => entry.id)).toEqual([related.id]);
    expect(result[0].reason).toBe('Shares #rust with “Async in depth”');
    expect(result[0].type).toBe('note');
  });

  it('ranks two shared tags above one, and names both', () => {
    const seed = item({ title: 'Seed', tags: ['rust', 'async'], touchedAt: daysAgo(2) });
    const one = item({ title: 'One', tags: ['rust'] });
    const two = item({ title: 'Two', tags: ['async', 'rust'] });
    const result = scorer.recommend([seed, one, two], now, 10);
    expect(result.map((entry) => entry.id)).toEqual([two.id, one.id]);
    expect(result[0].reason).toBe('Shares #async and #rust with “Seed”');
    expect(result[0].score).toBeGreaterThan(result[1].score);
  });

  it('weighs tags that often go together in the library', () => {
    const seed = item({ title: 'Seed', tags: ['rust'], touchedAt: daysAgo(1) });
    const bridge1 = item({ title: 'Bridge one', tags: ['rust', 'cargo'] });
    const bridge2 = item({ title: 'Bridge two', tags: ['rust', 'cargo'] });
    const candidate = item({ title: 'Crates', tags: ['cargo'] });
    const loner = item({ title: 'Other', tags: ['pottery'] });
    const result = scorer.recommend([seed, bridge1, bridge2, candidate, loner], now, 10);
    const entry = result.find((found) => found.id === candidate.id);
    expect(entry?.reason).toBe('Tagged #cargo, which often goes with #rust on “Seed”');
    expect(result.some((found) => found.id === loner.id)).toBe(false);
  });

  it('finds similar titles and the same site', () => {
    const seed = item({
      type: 'bookmark',
      title: 'Tokio tutorial for beginners',
      domain: 'tokio.rs',
      touchedAt: daysAgo(3),
    });
    const similar = item({ title: 'Advanced tokio tutorial' });
    const sameSite = item({ type: 'bookmark', title: 'Blog', domain: 'tokio.rs' });
    const otherSite = item({ type: 'bookmark', title: 'Gardening', domain: 'garden.org' });
    const result = scorer.recommend([seed, similar, sameSite, otherSite], now, 10);
    expect(result.find((entry) => entry.id === similar.id)?.reason).toBe(
      'Similar title to “Tokio tutorial for beginners”',
    );
    expect(result.find((entry) => entry.id === sameSite.id)?.reason).toBe(
      'Same site as “Tokio tutorial for beginners” (tokio.rs)',
    );
    expect(result.some((entry) => entry.id === otherSite.id)).toBe(false);
  });

  it('uses only items touched in the last 14 days as seeds', () => {
    const old = item({ title: 'Old', tags: ['go'], touchedAt: daysAgo(15) });
    const candidate = item({ title: 'Candidate', tags: ['go'], touchedAt: daysAgo(20) });
    expect(scorer.recommend([old, candidate], now, 10)).toEqual([]);
  });

  it('never suggests done tasks nor a seed to itself', () => {
    const seed = item({ type: 'task', title: 'Seed', tags: ['ops'], touchedAt: daysAgo(1), done: true });
    const done = item({ type: 'task', title: 'Finished', tags: ['ops'], done: true });
    const open = item({ type: 'task', title: 'Open', tags: ['ops'] });
    expect(scorer.recommend([seed, done, open], now, 10).map((entry) => entry.id)).toEqual([open.id]);
  });

  it('lets the newest-touched seed win a tie', () => {
    const older = item({ title: 'Older seed', tags: ['k8s'], touchedAt: daysAgo(5) });
    const newer = item({ title: 'Newer seed', tags: ['k8s'], touchedAt: daysAgo(1) });
    const candidate = item({ title: 'Candidate', tags: ['k8s'] });
    const result = scorer.recommend([older, candidate, newer], now, 10);
    expect(result.find((entry) => entry.id === candidate.id)?.reason).toBe('Shares #k8s with “Newer seed”');
  });

  it('cuts at the limit', () => {
    const seed = item({ title: 'Seed', tags: ['x1'], touchedAt: daysAgo(1) });
    const others = Array.from({ length: 5 }, () => item({ tags: ['x1'] }));
    expect(scorer.recommend([seed, ...others], now, 3)).toHaveLength(3);
  });
});
