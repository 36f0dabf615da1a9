import { type ParsedSearchQuery, type TextTerm } from '@tracera/contracts';

/** Shorter words match exactly: a one- or two-letter prefix would expand to a large part of the lexicon. */
const MIN_PREFIX_LENGTH = 3;

/**
 * A `to_tsquery` literal: everything inside quotes is data, so no user input can become tsquery syntax.
 * PostgreSQL's parser still splits it as it split the documents (`foo-bar` → foo-bar & foo & bar).
 */
function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Words as typed, without surrounding punctuation, for lexicon look-ups. */
export function lexiconWord(term: TextTerm): string | undefined {
  if (term.kind !== 'word') return undefined;
  const word = term.text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  return /^[\p{L}\p{N}]{3,40}$/u.test(word) ? word : undefined;
}

function wordQuery(term: TextTerm, corrections: ReadonlyMap<string, readonly string[]>): string {
  const prefix = term.text.length >= MIN_PREFIX_LENGTH ? ':*' : '';
  const typed = `${literal(term.text)}${prefix}`;
  const word = lexiconWord(term);
  const alternatives = word === undefined ? [] : (corrections.get(word) ?? []);
  if (alternatives.length === 0) return typed;
  return `(${[typed, ...alternatives.map(literal)].join(' | ')})`;
}

function phraseQuery(term: TextTerm): string {
  const words = term.text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  return words.length === 1 ? literal(words[0]) : `(${words.map(literal).join(' <-> ')})`;
}

function termQuery(term: TextTerm, corrections: ReadonlyMap<string, readonly string[]>): string {
  return term.kind === 'word' ? wordQuery(term, corrections) : phraseQuery(term);
}

/**
 * The positive text of a parsed query as `to_tsquery('simple', …)` input: clauses AND-ed, alternatives
 * OR-ed. `corrections` adds spellings from the user's lexicon to words that matched nothing
 * (`kubernets` → `kubernets:* | kubernetes`). Undefined when the query has no text.
 */
export function positiveTsquery(
  query: ParsedSearchQuery,
  corrections: ReadonlyMap<string, readonly string[]> = new Map(),
): string | undefined {
  if (query.clauses.length === 0) return undefined;
  return query.clauses
    .map((alternatives) =>
      alternatives.length === 1
        ? termQuery(alternatives[0], corrections)
        : `(${alternatives.map((term) => termQuery(term, corrections)).join(' | ')})`,
    )
    .join(' & ');
}

/**
 * The `-excluded` terms OR-ed, exact (no prefix: `-draft` must not hide `drafting`); a document matching it is
 * left out. Kept apart from the positive query so the indexes serve the positive part alone.
 */
export function excludedTsquery(query: ParsedSearchQuery): string | undefined {
  if (query.excluded.length === 0) return undefined;
  return query.excluded
    .map((term) => (term.kind === 'word' ? literal(term.text) : phraseQuery(term)))
    .join(' | ');
}
