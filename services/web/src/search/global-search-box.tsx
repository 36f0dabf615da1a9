'use client';

import { useRouter } from 'next/navigation';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { ProblemAlert } from '../ui/problem-alert';
import { highlightSegments, snippetSegments } from './highlight';
import { HighlightedText } from './highlighted-text';
import { highlightTerms } from './query-language';
import { QueryChips } from './query-chips';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { useSearchPreview } from './search-queries';
import { groupByType, itemHref, type SearchHit, searchHref, TYPE_NAMES } from './search-results';
import './search.css';

/** Typing pauses this long before the box asks the server. */
const TYPING_PAUSE_MS = 150;

interface BoxOption {
  key: string;
  href: string;
  hit?: SearchHit;
}

/** Where `/` and Ctrl/⌘+K are text, not the shortcut. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type)
  );
}

/**
 * The one search box in the header: an ARIA 1.2 combobox with a list of the first matches, grouped by type.
 * Enter opens the active match, or the search page when none is active; `/` or Ctrl/⌘+K focuses it.
 */
export function GlobalSearchBox() {
  const router = useRouter();
  const id = useId();
  const listboxId = `${id}-listbox`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  // By key, not position: when new matches arrive the active one is kept or dropped, never swapped.
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const settledQuery = useDebouncedValue(query, TYPING_PAUSE_MS);
  const preview = useSearchPreview(settledQuery);

  useEffect(() => {
    const focusOnShortcut = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.altKey) return;
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey;
      const commandK = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.shiftKey;
      if ((!slash && !commandK) || isTypingTarget(event.target)) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    document.addEventListener('keydown', focusOnShortcut);
    return () => document.removeEventListener('keydown', focusOnShortcut);
  }, []);

  const hasQuery = query.trim() !== '';
  const expanded = open && hasQuery;
  const groups = groupByType(preview.data?.items ?? []);
  const terms = highlightTerms(settledQuery);
  const options: BoxOption[] = [
    ...groups.flatMap((group) =>
      group.hits.map((hit) => ({ key: `${hit.type}:${hit.id}`, href: itemHref(hit.type, hit.id), hit })),
    ),
    { key: 'all', href: searchHref(query) },
  ];
  const activeIndex = expanded ? options.findIndex((option) => option.key === activeKey) : -1;
  const optionId = (key: string) => `${id}-option-${key}`;
  const searching = hasQuery && (query.trim() !== settledQuery.trim() || preview.isFetching);
  const answered = preview.data !== undefined && !preview.isPlaceholderData && !searching;

  useEffect(() => {
    if (activeKey === null) return;
    document.getElementById(`${id}-option-${activeKey}`)?.scrollIntoView({ block: 'nearest' });
  }, [activeKey, id]);

  const go = (href: string) => {
    setOpen(false);
    setQuery('');
    setActiveKey(null);
    inputRef.current?.blur();
    router.push(href);
  };

  const moveTo = (index: number) => {
    const wrapped = (index + options.length) % options.length;
    setActiveKey(options[wrapped].key);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!expanded) setOpen(true);
        else moveTo(activeIndex + 1);
        return;
      case 'ArrowUp':
        event.preventDefault();
        if (!expanded) setOpen(true);
        else moveTo(activeIndex <= 0 ? options.length - 1 : activeIndex - 1);
        return;
      case 'Home':
      case 'End':
        // Only while moving through the list; otherwise they move the caret in the text.
        if (activeIndex === -1) return;
        event.preventDefault();
        moveTo(event.key === 'Home' ? 0 : options.length - 1);
        return;
      case 'Enter':
        if (event.nativeEvent.isComposing) return;
        event.preventDefault();
        go(activeIndex >= 0 ? options[activeIndex].href : searchHref(query));
        return;
      case 'Escape':
        if (expanded) {
          event.preventDefault();
          setOpen(false);
          setActiveKey(null);
        } else if (query !== '') {
          event.preventDefault();
          setQuery('');
        }
        return;
    }
  };

  return (
    <div className="global-search">
      <input
        ref={inputRef}
        type="text"
        role="combobox"
        aria-label="Search"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listboxId}
        aria-activedescendant={activeIndex >= 0 ? optionId(options[activeIndex].key) : undefined}
        aria-keyshortcuts="/ Control+K Meta+K"
        className="global-search-input"
        placeholder="Search  ( / )"
        autoComplete="off"
        spellCheck={false}
        enterKeyHint="search"
        maxLength={500}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActiveKey(null);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <div className="global-search-popup" hidden={!expanded}>
        {searching && (
          <div className="global-search-status" role="status">
            <span className="spinner" aria-hidden="true" /> Searching…
          </div>
        )}
        {preview.isError && !searching && <ProblemAlert error={preview.error} />}
        {answered && (
          <div className="visually-hidden" role="status">
            {preview.data.items.length === 0 ? 'No matches' : `${preview.data.items.length} matches shown`}
          </div>
        )}
        {answered && preview.data.items.length === 0 && (
          <p className="global-search-empty muted">No matches.</p>
        )}
        <ul id={listboxId} role="listbox" aria-label="Search suggestions" className="global-search-listbox">
          {groups.map((group) => (
            <li key={group.type} role="presentation">
              <div id={`${id}-group-${group.type}`} className="global-search-group-label" aria-hidden="true">
                {TYPE_NAMES[group.type].many}
              </div>
              <ul role="group" aria-labelledby={`${id}-group-${group.type}`}>
                {group.hits.map((hit) => {
                  const key = `${hit.type}:${hit.id}`;
                  return (
                    <li
                      key={key}
                      id={optionId(key)}
                      role="option"
                      aria-selected={activeKey === key}
                      className="global-search-option"
                      // Keeps focus in the box, so the click lands before blur closes the list.
                      onMouseDown={(event) => event.preventDefault()}
                      onClick={() => go(itemHref(hit.type, hit.id))}
                    >
                      <span className="global-search-option-title">
                        <HighlightedText segments={highlightSegments(hit.title || 'Untitled', terms)} />
                      </span>
                      {hit.snippet && (
                        <span className="global-search-option-snippet">
                          <HighlightedText segments={snippetSegments(hit.snippet)} />
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
          <li
            id={optionId('all')}
            role="option"
            aria-selected={activeKey === 'all'}
            className="global-search-option global-search-all"
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => go(searchHref(query))}
          >
            See all results for “{query.trim()}”
          </li>
        </ul>
      </div>
      <QueryChips
        query={query}
        label="Search filters"
        onChange={(next) => {
          setQuery(next);
          inputRef.current?.focus();
        }}
      />
    </div>
  );
}
