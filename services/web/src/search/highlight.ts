import type { TextTerm } from './query-language';

/** A run of text, marked when it matched the search. Rendered as text nodes, never as HTML. */
export interface TextSegment {
  text: string;
  marked: boolean;
}

/** The server prefix-matches words of this length and more (search-cache `MIN_PREFIX_LENGTH`). */
const MIN_PREFIX_LENGTH = 3;
const LETTER_OR_DIGIT = '[\\p{L}\\p{N}]';
const NOT_AFTER_WORD = `(?<!${LETTER_OR_DIGIT})`;
const NOT_BEFORE_WORD = `(?!${LETTER_OR_DIGIT})`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A word matches where a word starts; long ones as a prefix (the whole word is marked), short ones exactly. */
function termPattern(term: TextTerm): string {
  if (term.kind === 'phrase') {
    const words = term.text.split(/\s+/).filter(Boolean).map(escapeRegExp);
    return `${NOT_AFTER_WORD}${words.join('[^\\p{L}\\p{N}]+')}${NOT_BEFORE_WORD}`;
  }
  const word = escapeRegExp(term.text);
  return term.text.length >= MIN_PREFIX_LENGTH
    ? `${NOT_AFTER_WORD}${word}${LETTER_OR_DIGIT}*`
    : `${NOT_AFTER_WORD}${word}${NOT_BEFORE_WORD}`;
}

function pushSegment(segments: TextSegment[], text: string, marked: boolean): void {
  if (text === '') return;
  const last = segments.at(-1);
  if (last && last.marked === marked) last.text += text;
  else segments.push({ text, marked });
}

/** `text` split where the search terms occur (case-insensitive), for titles the server does not mark. */
export function highlightSegments(text: string, terms: readonly TextTerm[]): TextSegment[] {
  const patterns = terms
    .filter((term) => term.text.trim() !== '')
    // Longest first, so a phrase wins over the words inside it.
    .sort((a, b) => b.text.length - a.text.length)
    .map(termPattern);
  const segments: TextSegment[] = [];
  if (patterns.length === 0) {
    pushSegment(segments, text, false);
    return segments;
  }
  const matcher = new RegExp(patterns.join('|'), 'giu');
  let from = 0;
  for (const match of text.matchAll(matcher)) {
    if (match[0] === '') continue;
    pushSegment(segments, text.slice(from, match.index), false);
    pushSegment(segments, match[0], true);
    from = match.index + match[0].length;
  }
  pushSegment(segments, text.slice(from), false);
  return segments;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/**
 * The API's `snippet` (HTML-escaped text with matches in `<mark>`…`</mark>`, see contracts `snippetMarkup`)
 * as segments. Only those two tags and the five entities the server writes are read; anything else stays
 * literal text, so a snippet can never inject markup.
 */
export function snippetSegments(markup: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let marked = false;
  for (const part of markup.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else
      pushSegment(
        segments,
        part.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name]),
        marked,
      );
  }
  return segments;
}
