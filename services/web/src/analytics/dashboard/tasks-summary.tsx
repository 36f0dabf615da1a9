/** Tasks created against tasks completed over the range, as two proportional bars. */
export function TasksSummary({ tasks }: { tasks: { created: number; completed: number } }) {
  const widest = Math.max(1, tasks.created, tasks.completed);
  const rows = [
    { label: 'Created', value: tasks.created, className: 'tasks-bar created' },
    { label: 'Completed', value: tasks.completed, className: 'tasks-bar completed' },
  ];
  return (
    <section className="card" aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">Tasks</h2>
      <dl className="tasks-summary">
        {rows.map((row) => (
          <div key={row.label}>
            <dt>{row.label}</dt>
            <dd>
              <span
                className={row.className}
                style={{ width: `${(row.value / widest) * 100}%` }}
                aria-hidden="true"
              />
              <span className="tasks-count">{row.value}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
