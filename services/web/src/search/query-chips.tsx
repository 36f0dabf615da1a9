'use client';

import { describeQuery, withoutToken } from './query-language';

/** The filters and exclusions of `query` as removable chips; `onChange` gets the query without one. */
export function QueryChips({
  query,
  onChange,
  label = 'Active filters',
}: {
  query: string;
  onChange: (query: string) => void;
  label?: string;
}) {
  const chips = describeQuery(query);
  if (chips.length === 0) return null;
  return (
    <ul className="query-chips" aria-label={label}>
      {chips.map((chip) => (
        <li
          key={`${chip.index}:${chip.label}`}
          className={chip.negated ? 'query-chip negated' : 'query-chip'}
        >
          <span>{chip.label}</span>
          <button
            type="button"
            className="query-chip-remove"
            aria-label={`Remove ${chip.label}`}
            onClick={() => onChange(withoutToken(query, chip.index))}
          >
            <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
