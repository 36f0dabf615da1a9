/**
 * The search box's query language as the UI edits it: chips, highlight terms and adding or removing filters
 * in the text the person typed. Reading the query is the search service's own code (libs/contracts), so
 * the page shows exactly what the server searches for.
 */
import {
  ITEM_TYPES,
  type ItemType,
  normalizeTagName,
} from '../../../../libs/contracts/src/content/content-names';
import {
  type ParsedSearchQuery,
  parseSearchQuery,
  type QueryToken,
  readSearchQuery,
  type StateFilter,
  type TextTerm,
} from '../../../../libs/contracts/src/search/query-syntax';

export {
  ITEM_TYPES,
  parseSearchQuery,
  readSearchQuery,
  type ItemType,
  type ParsedSearchQuery,
  type TextTerm,
};

/** A filter the query can carry; `negated` is `-type:note`, `-#draft`… */
export type QueryFilter = (
  | { kind: 'type'; type: ItemType }
  | { kind: 'state'; state: StateFilter }
  | { kind: 'tag'; tag: string }
  | { kind: 'collection'; collection: string }
) & { negated?: boolean };

export type FilterToken = Extract<QueryToken, { kind: QueryFilter['kind'] }>;

function isFilter(token: QueryToken): token is FilterToken {
  return (
    token.kind === 'type' || token.kind === 'state' || token.kind === 'tag' || token.kind === 'collection'
  );
}

function filterValue(filter: QueryFilter | FilterToken): string {
  switch (filter.kind) {
    case 'type':
      return filter.type;
    case 'state':
      return filter.state;
    case 'tag':
      return filter.tag;
    case 'collection':
      return filter.collection;
  }
}

/** Same filter, either sign: `type:note`, `-type:notes` and `TYPE:Note` all name the note type. */
function sameFilter(token: QueryToken, filter: QueryFilter | FilterToken): token is FilterToken {
  return isFilter(token) && token.kind === filter.kind && filterValue(token) === filterValue(filter);
}

/** A query chip: one recognised filter or exclusion, labelled for people, removable by its token index. */
export interface QueryChip {
  index: number;
  label: string;
  negated: boolean;
}

const STATE_LABELS: Record<StateFilter, string> = {
  done: 'done',
  todo: 'to do',
  fav: 'favourite',
  unread: 'unread',
  read: 'read',
  archived: 'archived',
  pinned: 'pinned',
};

function chipLabel(token: FilterToken | Extract<QueryToken, { kind: 'word' | 'phrase' }>): string {
  switch (token.kind) {
    case 'type':
      return `${token.negated ? 'not ' : ''}type: ${token.type}`;
    case 'state':
      return `${token.negated ? 'not ' : ''}is: ${STATE_LABELS[token.state]}`;
    case 'tag':
      return `${token.negated ? 'not ' : ''}#${token.tag}`;
    case 'collection':
      return `${token.negated ? 'not ' : ''}in: ${token.collection}`;
    case 'word':
      return `without: ${token.text}`;
    case 'phrase':
      return `without: “${token.text}”`;
  }
}

/**
 * Chips for what narrows the search: filters and `-exclusions`, in the order typed, one per filter even when
 * it is repeated (the server applies it once). Plain words and phrases are the search itself: no chip.
 */
export function describeQuery(input: string): QueryChip[] {
  const tokens = readSearchQuery(input);
  const chips: QueryChip[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    if (isFilter(token)) {
      const id = `${token.negated ? '-' : ''}${token.kind}:${filterValue(token)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      chips.push({ index: token.index, label: chipLabel(token), negated: token.negated });
    } else if ((token.kind === 'word' || token.kind === 'phrase') && token.negated) {
      chips.push({ index: token.index, label: chipLabel(token), negated: true });
    }
  }
  return chips;
}

/** The words and phrases the server matches (exclusions left out), each once, for highlighting. */
export function highlightTerms(input: string): TextTerm[] {
  const terms = new Map<string, TextTerm>();
  for (const term of parseSearchQuery(input).clauses.flat()) terms.set(`${term.kind}:${term.text}`, term);
  return [...terms.values()];
}

/** The filter as the query language spells it; names with spaces are quoted (a `"` cannot be spelled). */
export function filterText(filter: QueryFilter): string {
  const sign = filter.negated ? '-' : '';
  switch (filter.kind) {
    case 'type':
      return `${sign}type:${filter.type}`;
    case 'state':
      return `${sign}is:${filter.state}`;
    case 'tag':
      return `${sign}#${normalizeTagName(filter.tag).replace(/"/g, '')}`;
    case 'collection': {
      const name = filter.collection.replace(/"/g, '').trim();
      return `${sign}in:${/\s/.test(name) ? `"${name}"` : name}`;
    }
  }
}

/** `input` without the characters of `tokens`, and the whitespace each leaves behind collapsed. */
function withoutSpans(input: string, tokens: QueryToken[]): string {
  let output = input;
  for (const token of [...tokens].sort((a, b) => b.start - a.start)) {
    const before = output.slice(0, token.start).replace(/\s+$/, '');
    const after = output.slice(token.end).replace(/^\s+/, '');
    output = before && after ? `${before} ${after}` : before || after;
  }
  return output;
}

/**
 * `input` with `filter` added at the end, unless it is already there; the opposite filter (`-type:note`
 * when adding `type:note`) is taken out. An unterminated `"phrase` is closed first, so the filter stays a
 * filter.
 */
export function withFilter(input: string, filter: QueryFilter): string {
  const negated = filter.negated ?? false;
  const tokens = readSearchQuery(input);
  const same = tokens.filter((token) => sameFilter(token, filter));
  if (same.some((token) => token.negated === negated)) return input;
  const kept = withoutSpans(
    input,
    same.filter((token) => token.negated !== negated),
  );
  const last = readSearchQuery(kept).at(-1);
  const closed = last?.kind === 'phrase' && last.unterminated ? `${kept}"` : kept;
  const text = filterText({ ...filter, negated });
  return closed.trim() === '' ? text : `${closed.replace(/\s+$/, '')} ${text}`;
}

/**
 * `input` without the token at `index`. A filter goes with its repeats (the server applies it once, so
 * removing one copy would change nothing); a term joined by `OR` takes that `OR` with it.
 */
export function withoutToken(input: string, index: number): string {
  const tokens = readSearchQuery(input);
  const target = tokens[index];
  if (!target) return input;
  const removed: QueryToken[] = isFilter(target)
    ? tokens.filter((token) => sameFilter(token, target) && token.negated === target.negated)
    : [target];
  if (target.kind === 'word' || target.kind === 'phrase') {
    const previous = tokens[index - 1];
    const next = tokens[index + 1];
    if (previous?.kind === 'or') removed.push(previous);
    else if (next?.kind === 'or') removed.push(next);
  }
  return withoutSpans(input, removed);
}

/** The filter tokens of one type, kind or value: which facet is on, which chip goes. */
export function filterTokens(input: string, filter: QueryFilter): FilterToken[] {
  return readSearchQuery(input).filter(
    (token): token is FilterToken => sameFilter(token, filter) && token.negated === (filter.negated ?? false),
  );
}
