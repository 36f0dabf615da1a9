'use client';

import Link from 'next/link';
import { type KeyboardEvent, type Ref } from 'react';
import { highlightSegments, snippetSegments } from './highlight';
import { useDateFormat } from '../ui/use-date-format';
import { HighlightedText } from './highlighted-text';
import type { TextTerm } from './query-language';
import { itemHref, type SearchHit, TYPE_NAMES } from './search-results';

/** Arrow keys step between the result links; ArrowUp from the first goes back to the search input. */
function moveBetweenLinks(event: KeyboardEvent<HTMLUListElement>, onLeaveTop: () => void) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a.search-result-link')];
  const current = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (current === -1) return;
  event.preventDefault();
  if (event.key === 'ArrowUp' && current === 0) onLeaveTop();
  else links[Math.max(0, Math.min(links.length - 1, current + (event.key === 'ArrowDown' ? 1 : -1)))].focus();
}

/** The results: type, title (the link), the matching passage and when the item last changed. */
export function SearchResultList({
  hits,
  terms,
  listRef,
  onLeaveTop,
  onTag,
}: {
  hits: readonly SearchHit[];
  terms: readonly TextTerm[];
  listRef: Ref<HTMLUListElement>;
  onLeaveTop: () => void;
  /** Narrows the search to a tag of a result. */
  onTag: (tag: string) => void;
}) {
  const format = useDateFormat();
  return (
    <ul
      ref={listRef}
      role="list"
      aria-label="Search results"
      className="search-results"
      onKeyDown={(event) => moveBetweenLinks(event, onLeaveTop)}
    >
      {hits.map((hit) => (
        <li key={`${hit.type}:${hit.id}`} className="search-result">
          <div className="search-result-meta">
            <span className={`search-type search-type-${hit.type}`}>{TYPE_NAMES[hit.type].one}</span>
            <time dateTime={hit.updatedAt} className="muted">
              Updated {format.date(hit.updatedAt)}
            </time>
          </div>
          <h2 className="search-result-title">
            <Link href={itemHref(hit.type, hit.id)} className="search-result-link">
              <HighlightedText segments={highlightSegments(hit.title || 'Untitled', terms)} />
            </Link>
          </h2>
          {hit.snippet && (
            <p className="search-result-snippet">
              <HighlightedText segments={snippetSegments(hit.snippet)} />
            </p>
          )}
          {hit.tags.length > 0 && (
            <ul className="search-result-tags" aria-label="Tags">
              {hit.tags.map((tag) => (
                <li key={tag}>
                  <button
                    type="button"
                    className="tag search-result-tag"
                    aria-label={`Only #${tag}`}
                    onClick={() => onTag(tag)}
                  >
                    #{tag}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
