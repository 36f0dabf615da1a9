// No heavy imports: the web app bundles this module to read queries exactly as the search service does.
import { type ItemType, normalizeTagName } from '../content/content-names';

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

// Maps, not object literals: `type:constructor` must not find Object.prototype's members.
const TYPE_NAMES = new Map<string, ItemType>([
  ['bookmark', 'bookmark'],
  ['bookmarks', 'bookmark'],
  ['note', 'note'],
  ['notes', 'note'],
  ['task', 'task'],
  ['tasks', 'task'],
  ['file', 'file'],
  ['files', 'file'],
]);

const STATE_NAMES = new Map<string, StateFilter>([
  ['done', 'done'],
  ['todo', 'todo'],
  ['fav', 'fav'],
  ['favorite', 'fav'],
  ['favourite', 'fav'],
  ['unread', 'unread'],
  ['read', 'read'],
  ['archived', 'archived'],
  ['pinned', 'pinned'],
]);

/** What one token of a query means; `ignored` tokens have no letter or digit (`!!!`, `""`, a lone `#`). */
export type QueryTokenMeaning =
  | { kind: 'word'; text: string }
  | { kind: 'phrase'; text: string; unterminated: boolean }
  | { kind: 'type'; type: ItemType }
  | { kind: 'state'; state: StateFilter }
  | { kind: 'tag'; tag: string }
  | { kind: 'collection'; collection: string }
  | { kind: 'or' }
  | { kind: 'ignored' };

/**
 * One token of a query and where it sits: `input.slice(start, end)` is the token as typed, its `-` and
 * quotes included. Text is lower-cased as the search service matches it.
 */
export type QueryToken = QueryTokenMeaning & {
  /** Position in the token list. */
  index: number;
  start: number;
  end: number;
  negated: boolean;
};

interface RawToken {
  start: number;
  end: number;
  negated: boolean;
  /** `key:` of a `key:value` token, lower-cased; undefined for words, phrases and tags. */
  key?: string;
  value: string;
  quoted: boolean;
  unterminated: boolean;
}

/** Only letters and digits make a term findable; `!!!` or a lone `-` are dropped, not searched. */
const HAS_LEXEME = /[\p{L}\p{N}]/u;
const WHITESPACE = /\s/;

/** Splits on whitespace, keeping `"quoted phrases"` (also as `key:"value"`) together; a missing `"` ends at the end. */
function tokenize(input: string): RawToken[] {
  const tokens: RawToken[] = [];
  let position = 0;
  while (position < input.length) {
    while (position < input.length && WHITESPACE.test(input[position])) position += 1;
    if (position >= input.length) break;
    const start = position;
    let negated = false;
    if (input[position] === '-' && position + 1 < input.length && !WHITESPACE.test(input[position + 1])) {
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
      const close = input.indexOf('"', position + 1);
      const stop = close === -1 ? input.length : close;
      const end = close === -1 ? input.length : close + 1;
      const value = input.slice(position + 1, stop);
      tokens.push({ start, end, negated, key, value, quoted: true, unterminated: close === -1 });
      position = end;
      continue;
    }
    let end = position;
    while (end < input.length && !WHITESPACE.test(input[end])) end += 1;
    const value = input.slice(position, end);
    tokens.push({ start, end, negated, key, value, quoted: false, unterminated: false });
    position = end;
  }
  return tokens;
}

/** A known `key:value` filter; undefined when the token is not one (it is then text). */
function filterMeaning(token: RawToken): QueryTokenMeaning | undefined {
  const value = token.value.trim();
  if (token.key === undefined || value === '') return undefined;
  switch (token.key) {
    case 'type': {
      const type = TYPE_NAMES.get(value.toLowerCase());
      return type && { kind: 'type', type };
    }
    case 'is': {
      const state = STATE_NAMES.get(value.toLowerCase());
      return state && { kind: 'state', state };
    }
    case 'in':
      return { kind: 'collection', collection: value.toLowerCase() };
    default:
      return undefined;
  }
}

function meaningOf(token: RawToken): QueryTokenMeaning {
  if (!token.negated && !token.quoted && token.key === undefined && token.value.toLowerCase() === 'or') {
    return { kind: 'or' };
  }
  const filter = filterMeaning(token);
  if (filter) return filter;
  if (!token.quoted && token.key === undefined && token.value.startsWith('#')) {
    const tag = normalizeTagName(token.value);
    return HAS_LEXEME.test(tag) ? { kind: 'tag', tag } : { kind: 'ignored' };
  }
  // An unknown `key:value` is searched as it was typed.
  const text = (token.key === undefined ? token.value : `${token.key}:${token.value}`).trim();
  if (!HAS_LEXEME.test(text)) return { kind: 'ignored' };
  const lower = text.toLowerCase();
  return token.quoted
    ? { kind: 'phrase', text: lower, unterminated: token.unterminated }
    : { kind: 'word', text: lower };
}

/** Every token of `input` with its meaning and position; never fails. */
export function readSearchQuery(input: string): QueryToken[] {
  return tokenize(input).map((raw, index) => ({
    index,
    start: raw.start,
    end: raw.end,
    negated: raw.negated,
    ...meaningOf(raw),
  }));
}

function addTo<T>(set: FilterSet<T>, value: T, negated: boolean): void {
  const target = negated ? set.exclude : set.include;
  if (!target.includes(value)) target.push(value);
}

/**
 * Parses the search box's query language: words, `"phrases"`, `-exclude`, `#tag`, `type:note|bookmark|task|file`,
 * `is:done|todo|fav|unread|read|archived|pinned`, `in:<collection>` (names may be quoted), `OR` between terms.
 * Filters and `#tag` may be negated with `-`. Anything it does not know is searched as text; it never fails.
 */
export function parseSearchQuery(input: string): ParsedSearchQuery {
  const query: ParsedSearchQuery = {
    clauses: [],
    excluded: [],
    tags: { include: [], exclude: [] },
    types: { include: [], exclude: [] },
    states: { include: [], exclude: [] },
    collections: { include: [], exclude: [] },
  };
  let joinNext = false;
  for (const token of readSearchQuery(input)) {
    switch (token.kind) {
      case 'or':
        joinNext = query.clauses.length > 0;
        break;
      case 'type':
        addTo(query.types, token.type, token.negated);
        break;
      case 'state':
        addTo(query.states, token.state, token.negated);
        break;
      case 'tag':
        addTo(query.tags, token.tag, token.negated);
        break;
      case 'collection':
        addTo(query.collections, token.collection, token.negated);
        break;
      case 'ignored':
        break;
      case 'word':
      case 'phrase': {
        const term: TextTerm = { kind: token.kind, text: token.text };
        if (token.negated) query.excluded.push(term);
        else if (joinNext) query.clauses[query.clauses.length - 1].push(term);
        else query.clauses.push([term]);
        joinNext = false;
        break;
      }
    }
  }
  return query;
}
