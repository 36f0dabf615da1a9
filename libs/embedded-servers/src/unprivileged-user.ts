import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

function lookup(name: string): SystemUser | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { name, uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root. When we are root, the server runs as Debian's `postgres` user, or a
 * system user `tracera` created for the purpose; otherwise as ourselves (undefined).
 */
export function postgresRunAsUser(): SystemUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookup('postgres') ?? lookup('tracera');
  if (existing) return existing;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'tracera']);
  const created = lookup('tracera');
  if (!created) throw new Error('could not create the system user "tracera" to run PostgreSQL');
  return created;
}

/** chown -R, so the unprivileged server owns its data folder. */
export function chownTree(path: string, user: SystemUser): void {
  chownSync(path, user.uid, user.gid);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry), user);
}

/** Lets `user` reach `path`: adds search (o+x) to ancestors that lack it, such as mkdtemp folders. */
export function ensureTraversable(path: string): void {
  let current = resolve(path);
  for (;;) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) chmodSync(current, (mode & 0o7777) | 0o011);
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
