import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { sharedInfra } from './shared-infra';

/** A fresh, empty database on the shared PostgreSQL; returns its DATABASE_URL. */
export async function createTestDatabase(label = 'test'): Promise<string> {
  const name = `${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: sharedInfra().postgresUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(sharedInfra().postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
