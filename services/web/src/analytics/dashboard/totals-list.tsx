import { ACTIVITY_KIND_COLORS, countsByKind, kindTotals } from '../activity-kinds';

/** Actions per kind over the range; only the kinds the API reported, each under its fixed label. */
export function TotalsList({ totals }: { totals: Record<string, number> }) {
  const rows = kindTotals(countsByKind(totals));
  return (
    <section aria-labelledby="totals-heading">
      <h2 id="totals-heading" className="visually-hidden">
        Totals
      </h2>
      <dl className="totals" aria-label="Totals">
        {rows.map((row) => (
          <div key={row.kind} className="total" style={{ borderTopColor: ACTIVITY_KIND_COLORS[row.kind] }}>
            <dt>{row.label}</dt>
            <dd>{row.count.toLocaleString('en')}</dd>
          </div>
        ))}
      </dl>
      {rows.length === 0 && <p className="muted">Nothing saved, written or sent in this period yet.</p>}
    </section>
  );
}
