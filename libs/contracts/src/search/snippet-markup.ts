const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** User text in HTML (snippets, exported bookmark files): text and attribute values alike, quotes included. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/**
 * A `ts_headline` result (matches between \u0001 and \u0002, which were stripped from the text before) as
 * the snippet clients show: everything escaped, matches in `<mark>`…`</mark>`, whitespace collapsed.
 */
export function snippetMarkup(headline: string): string {
  const escaped = escapeHtml(headline.replace(/\s+/g, ' ').trim());
  let open = false;
  let markup = '';
  for (const char of escaped) {
    if (char === '\u0001' && !open) {
      markup += '<mark>';
      open = true;
    } else if (char === '\u0002' && open) {
      markup += '</mark>';
      open = false;
    } else if (char !== '\u0001' && char !== '\u0002') {
      markup += char;
    }
  }
  return open ? `${markup}</mark>` : markup;
}
