import { highlightSegments, snippetSegments } from './highlight';
import { highlightTerms } from './query-language';

function marked(text: string, query: string): string {
  return highlightSegments(text, highlightTerms(query))
    .map((segment) => (segment.marked ? `[${segment.text}]` : segment.text))
    .join('');
}

describe('highlightSegments', () => {
  it('marks whole words that start with a searched word, in any case', () => {
    expect(marked('Kubernetes and kube-proxy, not minikube', 'KUBE')).toBe(
      '[Kubernetes] and [kube]-proxy, not minikube',
    );
  });

  it('matches short words exactly, as the server does not prefix-match them', () => {
    expect(marked('Go to the gopher', 'go')).toBe('[Go] to the gopher');
  });

  it('marks a phrase as one run, across any spacing or punctuation, before its words', () => {
    expect(marked('Rolling  update: rolling-update, update', '"rolling update" update')).toBe(
      '[Rolling  update]: [rolling-update], [update]',
    );
  });

  it('leaves out exclusions and filters, and special characters are literal', () => {
    expect(marked('draft c++ (v1.2) #work', '-draft c++ v1.2 #work')).toBe('draft [c++] ([v1.2]) #work');
  });

  it('handles unicode letters', () => {
    expect(marked('Café résumé — ÉCOLE 東京 タワー', 'café école 東京')).toBe(
      '[Café] résumé — [ÉCOLE] [東京] タワー',
    );
  });

  it('returns the text unmarked without terms, and nothing for empty text', () => {
    expect(highlightSegments('Plain title', [])).toEqual([{ text: 'Plain title', marked: false }]);
    expect(highlightSegments('', highlightTerms('x'))).toEqual([]);
  });
});

describe('snippetSegments', () => {
  it('reads the marks and decodes the entities the server escapes', () => {
    expect(snippetSegments('use &lt;script&gt; &amp; <mark>kube</mark> &quot;now&quot; &#39;x&#39;')).toEqual(
      [
        { text: 'use <script> & ', marked: false },
        { text: 'kube', marked: true },
        { text: ' "now" \'x\'', marked: false },
      ],
    );
  });

  it('keeps any other markup as literal text, and decodes each entity once', () => {
    expect(snippetSegments('<b>bold</b> &amp;lt; <img src=x onerror=alert(1)>')).toEqual([
      { text: '<b>bold</b> &lt; <img src=x onerror=alert(1)>', marked: false },
    ]);
  });

  it('joins neighbouring marks and copes with unbalanced tags', () => {
    expect(snippetSegments('<mark>a</mark><mark>b</mark> c </mark><mark>d')).toEqual([
      { text: 'ab', marked: true },
      { text: ' c ', marked: false },
      { text: 'd', marked: true },
    ]);
    expect(snippetSegments('')).toEqual([]);
  });
});
