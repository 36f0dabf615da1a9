'use client';

import { useId, useState } from 'react';

/**
 * The numbers behind a chart as a table: always in the page for screen readers (visually hidden), and
 * shown on screen by the "Show as table" toggle for anyone who prefers reading figures.
 */
export function ChartDataTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: readonly string[];
  rows: readonly (readonly (string | number)[])[];
}) {
  const [shown, setShown] = useState(false);
  const id = useId();
  return (
    <div className="chart-data-table">
      <button
        type="button"
        className="link"
        aria-expanded={shown}
        aria-controls={id}
        onClick={() => setShown(!shown)}
      >
        {shown ? 'Hide table' : 'Show as table'}
      </button>
      <div id={id} className={shown ? 'chart-table-scroll' : 'visually-hidden'}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, index) =>
                  index === 0 ? (
                    <th key={index} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={index}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
