'use client';

import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

// Links leave the app in a new tab without handing it a reference to this window.
const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
};

/**
 * A note's Markdown (GitHub flavour) rendered for reading. Raw HTML in the text is shown as text, never
 * rendered (react-markdown's default), and unsafe link protocols are dropped by its URL transform.
 */
export function MarkdownPreview({ markdown }: { markdown: string }) {
  if (!markdown.trim()) return <p className="muted">Nothing to preview yet.</p>;
  return (
    <div className="markdown-body">
      <Markdown remarkPlugins={[remarkGfm]} components={components}>
        {markdown}
      </Markdown>
    </div>
  );
}
