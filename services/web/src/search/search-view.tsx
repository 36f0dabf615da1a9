'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { LoadingState } from '../ui/loading-state';
import { ProblemAlert } from '../ui/problem-alert';
import { highlightTerms, parseSearchQuery, withFilter } from './query-language';
import { QueryChips } from './query-chips';
import { SearchFacets } from './search-facets';
import { SearchHelp } from './search-help';
import { useSearchResults } from './search-queries';
import { matchCount, searchHref } from './search-results';
import { SearchResultList } from './search-result-list';
import './search.css';

/** Typing on this page updates the URL (and so the results) after this pause. */
const TYPING_PAUSE_MS = 300;

/**
 * The search page: the query lives in `?q=`, so results can be linked, reloaded and gone back to. Typing
 * replaces the URL after a pause; facets, chips and examples push a new history entry.
 */
export function SearchView() {
  const router = useRouter();
  const pathname = usePathname();
  const query = useSearchParams().get('q') ?? '';
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const [draft, setDraft] = useState(query);
  const [shownQuery, setShownQuery] = useState(query);
  // The URL this page asked for: when it arrives the draft (maybe typed further since) is left alone.
  const [requestedQuery, setRequestedQuery] = useState<string | null>(null);
  if (query !== shownQuery) {
    setShownQuery(query);
    if (query !== requestedQuery) {
      setDraft(query);
      setRequestedQuery(null);
    }
  }
  useEffect(() => () => clearTimeout(typingTimer.current), []);

  const navigate = (next: string, mode: 'push' | 'replace') => {
    clearTimeout(typingTimer.current);
    const normalized = next.trim() === '' ? '' : next;
    setRequestedQuery(normalized);
    if (normalized === query) return;
    const href = searchHref(normalized);
    if (mode === 'push') router.push(href, { scroll: false });
    else router.replace(href, { scroll: false });
  };
  const choose = (next: string) => {
    setDraft(next);
    navigate(next, 'push');
  };

  const results = useSearchResults(query);
  const interpreted = parseSearchQuery(query);
  const firstPage = results.data?.pages[0];
  const lastPage = results.data?.pages.at(-1);
  const hits = results.data?.pages.flatMap((page) => page.items) ?? [];
  const total = firstPage && matchCount(firstPage.facets, firstPage.facetsComplete, interpreted);

  return (
    <div className="search-page">
      <header className="page-header">
        <h1>Search</h1>
      </header>
      <form
        role="search"
        aria-label="Library"
        className="search-page-form"
        action={pathname}
        onSubmit={(event) => {
          event.preventDefault();
          navigate(draft, 'replace');
        }}
      >
        <label htmlFor={inputId} className="visually-hidden">
          Query
        </label>
        <input
          ref={inputRef}
          id={inputId}
          name="q"
          type="search"
          className="search-page-input"
          placeholder="Words, “phrases”, #tags, type:note, is:done…"
          autoComplete="off"
          spellCheck={false}
          maxLength={500}
          value={draft}
          onChange={(event) => {
            const next = event.target.value;
            setDraft(next);
            clearTimeout(typingTimer.current);
            typingTimer.current = setTimeout(() => navigate(next, 'replace'), TYPING_PAUSE_MS);
          }}
          onKeyDown={(event) => {
            if (event.key !== 'ArrowDown') return;
            const first = listRef.current?.querySelector<HTMLAnchorElement>('a.search-result-link');
            if (!first) return;
            event.preventDefault();
            first.focus();
          }}
        />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <QueryChips query={query} onChange={choose} />

      {query.trim() === '' ? (
        <SearchHelp onExample={choose} />
      ) : results.isPending ? (
        <LoadingState label="Searching" />
      ) : !results.data ? (
        <ProblemAlert error={results.error} onRetry={() => void results.refetch()} />
      ) : (
        <>
          {firstPage && (
            <SearchFacets
              query={query}
              interpreted={interpreted}
              facets={firstPage.facets}
              complete={firstPage.facetsComplete}
              onChange={choose}
            />
          )}
          <p className="search-summary muted" role="status">
            {total && `${total.count}${total.atLeast ? '+' : ''} ${total.count === 1 ? 'result' : 'results'}`}
            {lastPage && ` · ${lastPage.tookMs} ms`}
            {hits.length > 0 && total && hits.length < total.count && ` · showing ${hits.length}`}
          </p>
          {results.isRefetchError && (
            <ProblemAlert error={results.error} onRetry={() => void results.refetch()} />
          )}
          {hits.length === 0 ? (
            <div className="search-empty">
              <p>
                Nothing matches “{query.trim()}”. Try fewer words, the start of a word, or remove a filter.
              </p>
              <details>
                <summary>How to search</summary>
                <SearchHelp onExample={choose} />
              </details>
            </div>
          ) : (
            <SearchResultList
              hits={hits}
              terms={highlightTerms(query)}
              listRef={listRef}
              onLeaveTop={() => inputRef.current?.focus()}
              onTag={(tag) => choose(withFilter(query, { kind: 'tag', tag }))}
            />
          )}
          {results.isFetchNextPageError && (
            <ProblemAlert error={results.error} onRetry={() => void results.fetchNextPage()} />
          )}
          {results.hasNextPage && (
            <button
              type="button"
              className="search-load-more"
              disabled={results.isFetchingNextPage}
              onClick={() => void results.fetchNextPage()}
            >
              {results.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
    </div>
  );
}
