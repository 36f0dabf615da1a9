'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { type Collection, useCollections } from '../collections/collection-queries';
import { collectionPath } from '../collections/collection-tree';
import { CollectionsPanel } from '../collections/collections-panel';
import { TagsPanel } from '../tags/tags-panel';
import { AddBookmark } from './add-bookmark';
import {
  BOOKMARK_SORTS,
  type BookmarkFilters,
  type BookmarkSort,
  type BookmarkView,
  filtersFromSearchParams,
  filtersToSearchParams,
  isFiltered,
  viewOf,
  withView,
} from './bookmark-filters';
import { BOOKMARKS_HEADING_ID } from './bookmark-card';
import { BookmarkList } from './bookmark-list';
import { LinkedBookmark } from './linked-bookmark';

const VIEWS: { view: BookmarkView; label: string }[] = [
  { view: 'all', label: 'All' },
  { view: 'favorites', label: 'Favorites' },
  { view: 'unread', label: 'Unread' },
  { view: 'archived', label: 'Archived' },
];

/**
 * The bookmarks page: filters live in the address (so every view is a link), the side panel switches
 * them, the list shows them; `?item=<id>` opens one bookmark on top.
 */
export function BookmarksLibrary() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => filtersFromSearchParams(new URLSearchParams(searchParams)), [searchParams]);
  const itemId = searchParams.get('item');
  const collections = useCollections();
  const collectionList = collections.data ?? [];
  // Phones fold the collection and tag lists away so the bookmarks come first; wide screens always show them.
  const [panelsOpen, setPanelsOpen] = useState(false);

  // Changing what the list shows closes an opened `?item=`: the link has served its purpose.
  const hrefFor = useCallback(
    (next: BookmarkFilters) => {
      const query = filtersToSearchParams(next).toString();
      return query ? `${pathname}?${query}` : pathname;
    },
    [pathname],
  );
  const tagHref = useCallback((tag: string) => hrefFor({ ...filters, tag }), [filters, hrefFor]);
  const go = (next: BookmarkFilters) => router.push(hrefFor(next), { scroll: false });

  return (
    <div className="library">
      <div className="page-header">
        <h1 id={BOOKMARKS_HEADING_ID} tabIndex={-1}>
          Bookmarks
        </h1>
        <AddBookmark filters={filters} collectionRows={collections.rows} />
      </div>
      <div className="library-layout">
        <aside className={`library-side${panelsOpen ? '' : ' folded'}`} aria-label="Bookmark filters">
          <nav className="side-section" aria-labelledby="views-heading">
            <h2 id="views-heading">Show</h2>
            <ul className="side-list views">
              {VIEWS.map(({ view, label }) => (
                <li key={view}>
                  <Link
                    href={hrefFor(withView(filters, view))}
                    aria-current={viewOf(filters) === view ? 'page' : undefined}
                  >
                    {label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <button
            type="button"
            className="side-fold-toggle"
            aria-expanded={panelsOpen}
            aria-controls="library-side-panels"
            onClick={() => setPanelsOpen(!panelsOpen)}
          >
            {panelsOpen ? 'Hide collections and tags' : 'Collections and tags'}
          </button>
          <div id="library-side-panels" className="side-panels">
            <CollectionsPanel
              currentId={filters.collectionId}
              hrefFor={(collectionId) => hrefFor({ ...filters, collectionId })}
              onDeleted={(deleted: Collection) => {
                if (filters.collectionId === deleted.id)
                  go({ ...filters, collectionId: deleted.parentId ?? undefined });
              }}
            />
            <TagsPanel
              currentTag={filters.tag}
              hrefFor={(tag) => hrefFor({ ...filters, tag })}
              onChanged={(from, to) => {
                if (filters.tag === from.name) go({ ...filters, tag: to });
              }}
            />
          </div>
        </aside>
        <div className="library-main">
          <div className="library-toolbar">
            <FilterSummary
              filters={filters}
              collections={collectionList}
              clearHref={hrefFor({ sort: filters.sort })}
            />
            {/* Labelled by id, not by wrapping: a wrapping label's text would include every option's. */}
            <div className="sort-select">
              <label htmlFor="bookmark-sort">Sort</label>
              <select
                id="bookmark-sort"
                value={filters.sort}
                onChange={(event) => go({ ...filters, sort: event.target.value as BookmarkSort })}
              >
                {BOOKMARK_SORTS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {itemId && (
            <LinkedBookmark
              key={itemId}
              id={itemId}
              collections={collectionList}
              collectionRows={collections.rows}
              tagHref={tagHref}
              closeHref={hrefFor(filters)}
            />
          )}
          <BookmarkList
            filters={filters}
            hiddenId={itemId}
            collections={collectionList}
            collectionRows={collections.rows}
            tagHref={tagHref}
            clearHref={hrefFor({ sort: filters.sort })}
          />
        </div>
      </div>
    </div>
  );
}

/** What the list is narrowed to, in words, with a way back to everything. */
function FilterSummary({
  filters,
  collections,
  clearHref,
}: {
  filters: BookmarkFilters;
  collections: readonly Collection[];
  clearHref: string;
}) {
  if (!isFiltered(filters)) return <p className="muted filter-summary">All bookmarks except archived ones</p>;
  const parts: string[] = [];
  const view = viewOf(filters);
  if (view && view !== 'all') parts.push(VIEWS.find((option) => option.view === view)?.label ?? view);
  if (!view) {
    if (filters.favorite !== undefined) parts.push(filters.favorite ? 'Favorites' : 'Not favorites');
    if (filters.read !== undefined) parts.push(filters.read ? 'Read' : 'Unread');
    if (filters.archived) parts.push('Archived');
  }
  if (filters.collectionId) {
    parts.push(`in ${collectionPath(collections, filters.collectionId) || 'a collection'}`);
  }
  if (filters.tag) parts.push(`#${filters.tag}`);
  return (
    <p className="filter-summary">
      <span className="muted">Showing:</span> {parts.join(' · ')} <Link href={clearHref}>Clear filters</Link>
    </p>
  );
}
