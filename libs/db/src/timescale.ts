/** Anything that runs SQL: a TypeORM `DataSource`, `EntityManager` or `QueryRunner`, or a pg client or pool. */
export interface SqlExecutor {
  query(sql: string): Promise<unknown>;
}

export interface TimescaleAvailability {
  /** The server has the extension's files (listed in `pg_available_extensions`). */
  available: boolean;
  /** `CREATE EXTENSION timescaledb` has run in this database. */
  installed: boolean;
  /** The installed version, else the version `CREATE EXTENSION` would install. */
  version?: string;
}

interface AvailableExtensionRow {
  default_version: string | null;
  installed_version: string | null;
}

// TypeORM returns the rows themselves, pg returns a result object holding them.
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** Whether this database can use TimescaleDB (hypertables, continuous aggregates) or must do without. */
export async function timescaleAvailability(executor: SqlExecutor): Promise<TimescaleAvailability> {
  const [row] = rowsOf<AvailableExtensionRow>(
    await executor.query(
      "SELECT default_version, installed_version FROM pg_catalog.pg_available_extensions WHERE name = 'timescaledb'",
    ),
  );
  if (!row) return { available: false, installed: false };
  const installed = row.installed_version !== null;
  const version = row.installed_version ?? row.default_version ?? undefined;
  return version === undefined ? { available: true, installed } : { available: true, installed, version };
}
