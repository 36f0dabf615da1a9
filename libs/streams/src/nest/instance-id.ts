import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * A process's name in consumer groups and its RPC inbox: service, host, pid and a random suffix, so two
 * processes (or two apps in one test process) never share a consumer name or an inbox. Reduced to the
 * characters Redis connection names and our keys accept (no braces: they would break the inbox hash tag).
 */
export function createInstanceId(service: string): string {
  const raw = [service, hostname(), String(process.pid), randomBytes(4).toString('hex')].join('-');
  return raw.replace(/[^A-Za-z0-9._-]/g, '_');
}
