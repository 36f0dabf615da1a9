import { type ItemType } from '@tracera/contracts';
import { type LibraryItem } from './item.repository';
import { jaccard, titleWords } from './title-words';

/** What the scorer needs of an item: the read model's view of it. */
export type ScoredItem = LibraryItem;

export interface RelatedItem {
  type: ItemType;
  id: string;
  title: string;
  reason: string;
  score: number;
}

/** Items touched this recently are what the person is working on: the seeds. */
export const SEED_DAYS = 14;
/** The newest seeds only: older ones add little and cost a pass over the library each. */
const MAX_SEEDS = 50;
/** A related (not shared) tag pair counts this much of its association strength. */
const RELATED_TAG_WEIGHT = 0.5;
const SAME_DOMAIN_WEIGHT = 0.4;
/** Below this a pair is coincidence (e.g. one common word in two long titles). */
const MIN_SCORE = 0.2;
/** Tags per item considered for co-occurrence, bounding the pair count of heavily tagged items. */
const MAX_TAGS_PER_ITEM = 20;

/** How each signal contributed to one seed–candidate pair. */
interface PairScore {
  total: number;
  shared: string[];
  sharedScore: number;
  /** The strongest related pair: the candidate's tag and the seed's tag it often appears with. */
  related: { candidateTag: string; seedTag: string } | undefined;
  relatedScore: number;
  titleScore: number;
  domainScore: number;
}

interface Prepared {
  item: ScoredItem;
  tags: Set<string>;
  words: Set<string>;
}

/** How often tags appear, alone and together, in one person's library. */
class TagStatistics {
  private readonly counts = new Map<string, number>();
  private readonly pairs = new Map<string, number>();

  constructor(items: readonly Prepared[]) {
    for (const { tags } of items) {
      const list = [...tags].slice(0, MAX_TAGS_PER_ITEM);
      for (const tag of list) this.counts.set(tag, (this.counts.get(tag) ?? 0) + 1);
      for (let i = 0; i < list.length; i += 1) {
        for (let j = i + 1; j < list.length; j += 1) {
          const key = pairKey(list[i], list[j]);
          this.pairs.set(key, (this.pairs.get(key) ?? 0) + 1);
        }
      }
    }
  }

  /** A tag on few items says more about two items sharing it than one on everything. */
  specificity(tag: string): number {
    return 1 / (1 + Math.log(Math.max(1, this.counts.get(tag) ?? 1)));
  }

  /** Ochiai coefficient: items carrying both over the geometric mean of each one's count (0..1). */
  association(a: string, b: string): number {
    const both = this.pairs.get(pairKey(a, b)) ?? 0;
    if (both === 0) return 0;
    return both / Math.sqrt((this.counts.get(a) ?? 1) * (this.counts.get(b) ?? 1));
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/**
 * Suggests a person's own items related to what they touched in the last {@link SEED_DAYS} days. A pair
 * scores by shared tags (rarer tags weigh more), tags that often go together in the person's library,
 * title-word similarity (Jaccard, stop words out) and the same bookmark domain. Each candidate keeps its best
 * seed (the newest-touched one on a tie) and a reason naming the strongest signal. Pure: no I/O.
 */
export class RelatedItemsScorer {
  recommend(library: readonly ScoredItem[], now: Date, limit: number): RelatedItem[] {
    const prepared = library.map((item) => ({
      item,
      tags: new Set(item.tags),
      words: titleWords(item.title),
    }));
    const statistics = new TagStatistics(prepared);
    const since = now.getTime() - SEED_DAYS * 86_400_000;
    const seeds = prepared
      .filter(({ item }) => item.touchedAt.getTime() >= since)
      .sort((a, b) => newestFirst(a.item, b.item))
      .slice(0, MAX_SEEDS);
    if (seeds.length === 0) return [];
    const results: (RelatedItem & { touchedAt: Date })[] = [];
    for (const candidate of prepared) {
      if (candidate.item.type === 'task' && candidate.item.done) continue;
      let best: { seed: Prepared; pair: PairScore } | undefined;
      // Seeds come newest first and only a strictly better pair replaces the best: the newest wins ties.
      for (const seed of seeds) {
        if (seed.item.id === candidate.item.id) continue;
        const pair = scorePair(seed, candidate, statistics);
        if (pair.total >= MIN_SCORE && (!best || pair.total > best.pair.total)) best = { seed, pair };
      }
      if (!best) continue;
      results.push({
        type: candidate.item.type,
        id: candidate.item.id,
        title: candidate.item.title,
        reason: reasonFor(best.pair, best.seed.item),
        score: Math.round(best.pair.total * 1000) / 1000,
        touchedAt: candidate.item.touchedAt,
      });
    }
    return results
      .sort((a, b) => b.score - a.score || newestFirst(a, b))
      .slice(0, limit)
      .map(({ type, id, title, reason, score }) => ({ type, id, title, reason, score }));
  }
}

function newestFirst(a: { touchedAt: Date; id: string }, b: { touchedAt: Date; id: string }): number {
  return b.touchedAt.getTime() - a.touchedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function scorePair(seed: Prepared, candidate: Prepared, statistics: TagStatistics): PairScore {
  const shared = [...seed.tags].filter((tag) => candidate.tags.has(tag)).sort();
  const sharedScore = shared.reduce((sum, tag) => sum + statistics.specificity(tag), 0);
  let relatedScore = 0;
  let related: PairScore['related'];
  let strongest = 0;
  for (const seedTag of seed.tags) {
    if (candidate.tags.has(seedTag)) continue;
    let bestForTag = 0;
    for (const candidateTag of candidate.tags) {
      if (seed.tags.has(candidateTag)) continue;
      const strength = statistics.association(seedTag, candidateTag);
      if (strength > bestForTag) bestForTag = strength;
      if (strength > strongest) {
        strongest = strength;
        related = { candidateTag, seedTag };
      }
    }
    relatedScore += RELATED_TAG_WEIGHT * bestForTag;
  }
  const titleScore = jaccard(seed.words, candidate.words);
  const sameDomain =
    seed.item.domain !== null && seed.item.domain !== '' && seed.item.domain === candidate.item.domain;
  const domainScore = sameDomain ? SAME_DOMAIN_WEIGHT : 0;
  return {
    total: sharedScore + relatedScore + titleScore + domainScore,
    shared,
    sharedScore,
    related,
    relatedScore,
    titleScore,
    domainScore,
  };
}

/** A sentence for people naming the strongest signal and the seed it relates to. */
function reasonFor(pair: PairScore, seed: ScoredItem): string {
  const title = `“${seed.title.trim() || 'Untitled'}”`;
  const strongest = Math.max(pair.sharedScore, pair.relatedScore, pair.titleScore, pair.domainScore);
  if (pair.shared.length > 0 && pair.sharedScore === strongest) {
    const named = pair.shared.slice(0, 3).map((tag) => `#${tag}`);
    const tags =
      named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
    return `Shares ${tags} with ${title}`;
  }
  if (pair.related && pair.relatedScore === strongest) {
    return `Tagged #${pair.related.candidateTag}, which often goes with #${pair.related.seedTag} on ${title}`;
  }
  if (pair.domainScore === strongest) return `Same site as ${title} (${seed.domain})`;
  return `Similar title to ${title}`;
}
