import { snippetMarkup } from './snippet-markup';

describe('snippetMarkup', () => {
  it('escapes the text and wraps matches in <mark>', () => {
    expect(snippetMarkup('use <script> & \u0001kube\u0002  "now"')).toBe(
      'use &lt;script&gt; &amp; <mark>kube</mark> &quot;now&quot;',
    );
  });

  it('never leaves a <mark> open', () => {
    expect(snippetMarkup('\u0001open')).toBe('<mark>open</mark>');
    expect(snippetMarkup('stray\u0002 end')).toBe('stray end');
  });
});
