import { parseHostPort } from './env-parsers';

/** Where a Redis role lives, read from `host:port`, `redis://…` or `rediss://…`. */
export interface RedisAddress {
  host: string;
  port: number;
  /** True for `rediss://`. */
  tls: boolean;
  username?: string;
  password?: string;
  db?: number;
}

export function parseRedisAddress(raw: string): RedisAddress | string {
  const value = raw.trim();
  if (value === '') return 'is empty; give host:port or a redis:// or rediss:// URL';
  if (!value.includes('://')) {
    const hostPort = parseHostPort(value, 6379);
    return hostPort ? { ...hostPort, tls: false } : `"${value}" is not host:port or a redis:// URL`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a valid URL`;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return `scheme "${url.protocol}" is not redis: or rediss:`;
  }
  if (!url.hostname) return 'the URL names no host';
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined;
  if (db !== undefined && (!Number.isInteger(db) || db < 0))
    return `"${url.pathname}" is not a database number`;
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 6379,
    tls: url.protocol === 'rediss:',
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db,
  };
}
