import { type MigrationInterface } from 'typeorm';
import {
  assertValidServiceDatabase,
  assertValidServiceDatabases,
  migrationName,
  type ServiceDatabase,
} from './service-database';

class CreateThings1700000000000 implements MigrationInterface {
  async up(): Promise<void> {}
  async down(): Promise<void> {}
}

class Renamed implements MigrationInterface {
  readonly name = 'AddColumn1700000000001';
  async up(): Promise<void> {}
  async down(): Promise<void> {}
}

class NoTimestamp implements MigrationInterface {
  async up(): Promise<void> {}
  async down(): Promise<void> {}
}

const valid: ServiceDatabase = {
  service: 'content',
  schema: 'content',
  entities: [],
  migrations: [CreateThings1700000000000, Renamed],
};

describe('service database descriptors', () => {
  it('accepts a schema-owning service and a schema-less one', () => {
    expect(() => assertValidServiceDatabase(valid)).not.toThrow();
    expect(() =>
      assertValidServiceDatabase({ service: 'gateway', schema: null, entities: [], migrations: [] }),
    ).not.toThrow();
  });

  it('names migrations by their name property, else their class name', () => {
    expect(migrationName(CreateThings1700000000000)).toBe('CreateThings1700000000000');
    expect(migrationName(Renamed)).toBe('AddColumn1700000000001');
  });

  it.each([
    [{ ...valid, schema: 'Content' }, /not a lower-case identifier/],
    [{ ...valid, schema: 'con tent' }, /not a lower-case identifier/],
    [{ ...valid, schema: 'search-cache' }, /not a lower-case identifier/],
    [{ ...valid, schema: null }, /without a schema cannot have/],
    [{ ...valid, migrations: [NoTimestamp] }, /"NoTimestamp" does not end with a 13-digit timestamp/],
    [
      { ...valid, migrations: [CreateThings1700000000000, CreateThings1700000000000] },
      /listed twice: CreateThings1700000000000/,
    ],
    [{ ...valid, service: ' ' }, /service name is empty/],
  ])('rejects %#', (database, problem) => {
    expect(() => assertValidServiceDatabase(database)).toThrow(problem);
  });

  it('rejects two services claiming one schema', () => {
    expect(() =>
      assertValidServiceDatabases([valid, { ...valid, service: 'search-cache', migrations: [] }]),
    ).toThrow('schema "content" is claimed by both "content" and "search-cache"');
  });
});
