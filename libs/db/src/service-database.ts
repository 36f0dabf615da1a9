import { type MigrationInterface } from 'typeorm';

/** A TypeORM entity class (decorated with `@Entity`). */
export type EntityClass = new (...args: never[]) => object;

/** A hand-written migration; its class name (or `name`) ends with a 13-digit millisecond timestamp. */
export type MigrationClass = new () => MigrationInterface;

/** What one service keeps in Postgres: its own schema, its entities and the migrations that build them. */
export interface ServiceDatabase {
  /** The service name; also the `application_name` of its connections. */
  readonly service: string;
  /** The schema the service owns; `null` for a service that owns none but still connects (the gateway). */
  readonly schema: string | null;
  readonly entities: readonly EntityClass[];
  /** In any order: TypeORM orders them by the timestamp at the end of each name. */
  readonly migrations: readonly MigrationClass[];
}

/** The table recording applied migrations; with the data source's `schema` it lives in each service schema. */
export const MIGRATIONS_TABLE = 'migrations';

// Plain lower-case identifiers only: schema names go unquoted into `search_path` and SQL.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const MIGRATION_NAME = /\d{13}$/;

/** Throws naming every problem with a descriptor; these are programming errors, caught at start-up. */
export function assertValidServiceDatabase(database: ServiceDatabase): void {
  const problems: string[] = [];
  if (database.service.trim() === '') problems.push('service name is empty');
  if (database.schema !== null && !SCHEMA_NAME.test(database.schema)) {
    problems.push(`schema "${database.schema}" is not a lower-case identifier (a-z, 0-9, _)`);
  }
  if (database.schema === null && (database.entities.length > 0 || database.migrations.length > 0)) {
    problems.push('a service without a schema cannot have entities or migrations');
  }
  const names = database.migrations.map(migrationName);
  for (const name of names) {
    if (!MIGRATION_NAME.test(name))
      problems.push(`migration "${name}" does not end with a 13-digit timestamp`);
  }
  const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
  if (duplicates.length > 0) problems.push(`migrations listed twice: ${[...new Set(duplicates)].join(', ')}`);
  if (problems.length > 0) {
    throw new Error(`invalid database descriptor for "${database.service}": ${problems.join('; ')}`);
  }
}

/** Several descriptors run together (the migrate command): each also valid, and no schema shared. */
export function assertValidServiceDatabases(databases: readonly ServiceDatabase[]): void {
  databases.forEach(assertValidServiceDatabase);
  const seen = new Map<string, string>();
  for (const { service, schema } of databases) {
    if (schema === null) continue;
    const owner = seen.get(schema);
    if (owner !== undefined)
      throw new Error(`schema "${schema}" is claimed by both "${owner}" and "${service}"`);
    seen.set(schema, service);
  }
}

/** The name TypeORM records for a migration: its `name` property, else its class name. */
export function migrationName(migration: MigrationClass): string {
  return new migration().name ?? migration.name;
}
