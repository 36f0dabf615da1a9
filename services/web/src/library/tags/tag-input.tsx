'use client';

import { useState } from 'react';
import './tags.css';

/**
 * Tags as chips plus a text box: Enter or comma adds, Backspace in an empty box removes the last.
 * Leading `#` is dropped; tags are lower-cased and unique.
 */
export function TagInput({
  id,
  value,
  onChange,
  placeholder = 'Add a tag',
}: {
  id?: string;
  value: readonly string[];
  onChange: (tags: string[]) => void;
  placeholder?: string;
}) {
  const [draft, setDraft] = useState('');
  const add = (raw: string) => {
    const tag = raw.trim().replace(/^#+/, '').toLowerCase();
    setDraft('');
    if (tag && !value.includes(tag)) onChange([...value, tag]);
  };
  return (
    <div className="tag-input">
      {value.map((tag) => (
        <span key={tag} className="tag">
          #{tag}{' '}
          <button
            type="button"
            className="link"
            aria-label={`Remove tag ${tag}`}
            onClick={() => onChange(value.filter((other) => other !== tag))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        id={id}
        value={draft}
        placeholder={placeholder}
        onChange={(event) => {
          const text = event.target.value;
          if (text.endsWith(',')) add(text.slice(0, -1));
          else setDraft(text);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && draft.trim()) {
            event.preventDefault();
            add(draft);
          } else if (event.key === 'Backspace' && draft === '' && value.length > 0) {
            onChange(value.slice(0, -1));
          }
        }}
        onBlur={() => {
          if (draft.trim()) add(draft);
        }}
      />
    </div>
  );
}
