import { type ItemType, normalizeTagName } from '../content/content-fields';

/** What `is:` can ask for; each maps to one filter column of the read model. */
export type StateFilter = 'done' | 'todo' | 'fav' | 'unread' | 'read' | 'archived' | 'pinned';

/** A word matches by prefix (`kube` finds kubernetes); a phrase matches its words in order, exactly. */
export interface TextTerm {
  kind: 'word' | 'phrase';
  text: string;
}

/** One positive filter set and its negation (`-type:note`, `-#draft`, …). */
export interface FilterSet<T> {
  include: T[];
  exclude: T[];
}

/**
 * A search box query, websearch style: `clauses` are AND-ed and each clause is a list of alternatives
 * joined by `OR` (`a b OR c d` = a AND (b OR c) AND d); `excluded` terms must not occur.
 */
export interface ParsedSearchQuery {
  clauses: TextTerm[][];
  excluded: TextTerm[];
  tags: FilterSet<string>;
  types: FilterSet<ItemType>;
  states: FilterSet<StateFilter>;
  collections: FilterSet<string>;
}

const TYPE_NAMES: Record<string, ItemType> = {
  bookmark: 'bookmark',
  bookmarks: 'bookmark',
  note: 'note',
  notes: 'note',
  task: 'task',
  tasks: 'task',
  file: 'file',
  files: 'file',
};

const STATE_NAMES: Record<string, StateFilter> = {
  done: 'done',
  todo: 'todo',
  fav: 'fav',
  favorite: 'fav',
  favourite: 'fav',
  unread: 'unread',
  read: 'read',
  archived: 'archived',
  pinned: 'pinned',
};

interface Token {
  negated: boolean;
  /** `key:` of a `key:value` token, lower-cased; undefined for words, phrases and tags. */
  key?: string;
  value: string;
  quoted: boolean;
}

/** Only letters and digits make a term findable; `!!!` or a lone `-` are dropped, not searched. */
const HAS_LEXEME = /[\p{L}\p{N}]/u;

/** Splits on whitespace, keeping `"quoted phrases"` (also as `key:"value"`) together; a missing `"` ends at the end. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < input.length) {
    while (position < input.length && /\s/.test(input[position])) position += 1;
    if (position >= input.length) break;
    let negated = false;
    if (input[position] === '-' && position + 1 < input.length && !/\s/.test(input[position + 1])) {
      negated = true;
      position += 1;
    }
    let key: string | undefined;
    const keyMatch = /^([A-Za-z]+):(?=\S)/.exec(input.slice(position));
    if (keyMatch && input[position] !== '"') {
      key = keyMatch[1].toLowerCase();
      position += keyMatch[0].length;
    }
    if (input[position] === '"') {
      const end = input.indexOf('"', position + 1);
      const stop = end === -1 ? input.length : end;
      tokens.push({ negated, key, value: input.slice(position + 1, stop), quoted: true });
      position = stop + 1;
      continue;
    }
    let end = position;
    while (end < input.length && !/\s/.test(input[end])) end += 1;
    tokens.push({ negated, key, value: input.slice(position, end), quoted: false });
    position = end;
  }
  return tokens;
}

function emptyQuery(): ParsedSearchQuery {
  return {
    clauses: [],
    excluded: [],
    tags: { include: [], exclude: [] },
    types: { include: [], exclude: [] },
    states: { include: [], exclude: [] },
    collections: { include: [], exclude: [] },
  };
}

function addTo<T>(set: FilterSet<T>, value: T, negated: boolean): void {
  const target = negated ? set.exclude : set.include;
  if (!target.includes(value)) target.push(value);
}

/** A known `key:value` filter applied to `query`; false when the token is not one (it is then text). */
function applyFilter(query: ParsedSearchQuery, token: Token): boolean {
  const value = token.value.trim();
  if (token.key === undefined || value === '') return false;
  switch (token.key) {
    case 'type': {
      const type = TYPE_NAMES[value.toLowerCase()];
      if (type === undefined) return false;
      addTo(query.types, type, token.negated);
      return true;
    }
    case 'is': {
      const state = STATE_NAMES[value.toLowerCase()];
      if (state === undefined) return false;
      addTo(query.states, state, token.negated);
      return true;
    }
    case 'in':
      addTo(query.collections, value.toLowerCase(), token.negated);
      return true;
    default:
      return false;
  }
}

/** The text of a token that is not a filter: `x:y` of an unknown key is searched as it was typed. */
function textOf(token: Token): string {
  const value = token.key === undefined ? token.value : `${token.key}:${token.value}`;
  return value.trim();
}

/**
 * Parses the search box's query language: words, `"phrases"`, `-exclude`, `#tag`, `type:note|bookmark|task|file`,
 * `is:done|todo|fav|unread|read|archived|pinned`, `in:<collection>` (names may be quoted), `OR` between terms.
 * Filters and `#tag` may be negated with `-`. Anything it does not know is searched as text; it never fails.
 */
export function parseSearchQuery(input: string): ParsedSearchQuery {
  const query = emptyQuery();
  let joinNext = false;
  for (const token of tokenize(input)) {
    if (!token.negated && !token.quoted && token.key === undefined && token.value.toLowerCase() === 'or') {
      joinNext = query.clauses.length > 0;
      continue;
    }
    if (applyFilter(query, token)) continue;
    if (!token.quoted && token.key === undefined && token.value.startsWith('#')) {
      const tag = normalizeTagName(token.value);
      if (HAS_LEXEME.test(tag)) addTo(query.tags, tag, token.negated);
      continue;
    }
    const text = textOf(token);
    if (!HAS_LEXEME.test(text)) continue;
    const term: TextTerm = { kind: token.quoted ? 'phrase' : 'word', text: text.toLowerCase() };
    if (token.negated) {
      query.excluded.push(term);
    } else if (joinNext) {
      query.clauses[query.clauses.length - 1].push(term);
      joinNext = false;
      continue;
    } else {
      query.clauses.push([term]);
    }
    joinNext = false;
  }
  return query;
}

/** Whether the query searches text at all (otherwise it only filters and lists by recency). */
export function hasText(query: ParsedSearchQuery): boolean {
  return query.clauses.length > 0;
}

/** A canonical spelling of the query, so `a  b` and `a b` share one cache entry and one cursor. */
export function canonicalQuery(query: ParsedSearchQuery): string {
  return JSON.stringify(query);
}

/** The result cache's namespace for search answers. */
export const SEARCH_CACHE_NAMESPACE = 'search';

/**
 * The result-cache key of one search request: the parsed query (so spacing, case of operators and filter
 * order do not matter), the page size and the cursor. The gateway answers hits with it and the search-cache
 * service stores misses under it, so both sides must build it here.
 */
export function searchCacheKey(q: string, limit: number, cursor: string | undefined): string {
  return searchCacheKeyOf(canonicalQuery(parseSearchQuery(q)), limit, cursor);
}

/** {@link searchCacheKey} for a query already parsed and made canonical. */
export function searchCacheKeyOf(canonical: string, limit: number, cursor: string | undefined): string {
  return JSON.stringify([canonical, limit, cursor ?? null]);
}
