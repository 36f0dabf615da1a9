'use client';

import { filterTokens, type ParsedSearchQuery, ITEM_TYPES, withFilter, withoutToken } from './query-language';
import { type FacetCounts, TYPE_NAMES } from './search-results';

/** `query` with the type turned off when it is on, on when it is off. */
function toggledType(
  query: string,
  interpreted: ParsedSearchQuery,
  type: (typeof ITEM_TYPES)[number],
): string {
  if (!interpreted.types.include.includes(type)) return withFilter(query, { kind: 'type', type });
  const [first] = filterTokens(query, { kind: 'type', type });
  return first ? withoutToken(query, first.index) : query;
}

/** One toggle per item type with its count; pressing one adds or removes its `type:` filter. */
export function SearchFacets({
  query,
  interpreted,
  facets,
  complete,
  onChange,
}: {
  query: string;
  interpreted: ParsedSearchQuery;
  facets: FacetCounts;
  complete: boolean;
  onChange: (query: string) => void;
}) {
  return (
    <div className="search-facets" role="group" aria-label="Filter by type">
      {ITEM_TYPES.map((type) => {
        const pressed = interpreted.types.include.includes(type);
        return (
          <button
            key={type}
            type="button"
            className="search-facet"
            aria-pressed={pressed}
            onClick={() => onChange(toggledType(query, interpreted, type))}
          >
            {TYPE_NAMES[type].many}
            <span className="search-facet-count">
              {facets[type]}
              {complete ? '' : '+'}
            </span>
          </button>
        );
      })}
    </div>
  );
}
