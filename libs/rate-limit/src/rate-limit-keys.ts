import { createHash } from 'node:crypto';
import { RedisKeys } from '@tracera/redis';
import { normalizeAccountName } from './account-name';
import { type RequestClass } from './rate-limit-policy';

/** Who a request is counted against: the user when signed in, else the client IP. */
export interface RateLimitSubject {
  userId?: string | number;
  ip?: string;
}

const SAFE_KEY_PART = /^[A-Za-z0-9._:@-]{1,128}$/;

function keyPart(value: string): string {
  // Anything Redis keys or log lines should not carry verbatim (braces, spaces, huge strings) is hashed.
  return SAFE_KEY_PART.test(value) ? value : `h.${digest(value)}`;
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

/**
 * `tr:{rl:<class>:<kind>:<subject>}`: one key per counted subject, its own hash tag, so every script
 * touches one key in one Cluster slot. Memory uses the same names.
 */
export class RateLimitKeys {
  private readonly keys: RedisKeys;

  constructor(prefix = 'tr:') {
    this.keys = new RedisKeys(prefix);
  }

  request(requestClass: RequestClass, subject: RateLimitSubject): string {
    if (subject.userId !== undefined && subject.userId !== '') {
      return this.keys.tagged('rl', `${requestClass}:u:${keyPart(String(subject.userId))}`);
    }
    if (subject.ip) return this.keys.tagged('rl', `${requestClass}:ip:${keyPart(subject.ip)}`);
    throw new Error(`rate limit ${requestClass}: the subject has neither a user nor an IP`);
  }

  /** Account names are always hashed: no user names (or typos of passwords) in Redis. */
  loginAccount(account: string): string {
    return this.keys.tagged('rl', `login:a:${digest(normalizeAccountName(account))}`);
  }

  loginIp(ip: string): string {
    return this.keys.tagged('rl', `login:ip:${keyPart(ip)}`);
  }
}
