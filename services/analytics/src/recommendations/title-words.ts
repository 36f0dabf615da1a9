/**
 * Words too common to make two titles alike (English function words, and file-name noise such as
 * extensions).
 */
const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being below between
  both but by can could did do does doing down during each few for from further had has have having he her
  here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only
  or other our ours out over own same she should so some such than that the their theirs them then there
  these they this those through to too under until up very was we were what when where which while who whom
  why will with would you your yours vs via
  pdf png jpg jpeg gif txt md doc docx csv html htm www com org net http https`.split(/\s+/),
);

/**
 * The distinct meaningful words of a title: lower-cased letter and digit runs (any script), stop words and
 * single characters out.
 */
export function titleWords(title: string): Set<string> {
  const words = title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((word) => word.length > 1 && !STOP_WORDS.has(word)));
}

/** |a ∩ b| / |a ∪ b|, 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return shared / (a.size + b.size - shared);
}
