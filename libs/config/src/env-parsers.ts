import { z } from 'zod';

/** Parsers for the shapes environment variables take; each rejects with a message an operator can act on. */

const DURATION = /^(\d+)(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `5s`, `2m`, `1h`, `30d` or bare milliseconds → milliseconds. */
export const durationMs = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx) => {
      const match = DURATION.exec(raw.trim());
      if (!match) {
        ctx.addIssue({
          code: 'custom',
          message: `"${raw}" is not a duration (use e.g. 500ms, 5s, 2m, 1h, 30d)`,
        });
        return z.NEVER;
      }
      return Number(match[1]) * UNIT_MS[match[2] ?? 'ms'];
    });

export const boolFlag = (fallback: boolean) =>
  z
    .string()
    .default(String(fallback))
    .transform((raw, ctx) => {
      const value = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(value)) return true;
      if (['0', 'false', 'no', 'off'].includes(value)) return false;
      ctx.addIssue({ code: 'custom', message: `"${raw}" is not a boolean (use true or false)` });
      return z.NEVER;
    });

const wholeNumber = (min: number, max: number) =>
  z.string().transform((raw, ctx) => {
    const value = Number(raw.trim());
    if (!Number.isInteger(value) || value < min || value > max || raw.trim() === '') {
      ctx.addIssue({ code: 'custom', message: `"${raw}" is not a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return value;
  });

export const intInRange = (fallback: number, min: number, max: number) =>
  z.string().default(String(fallback)).pipe(wholeNumber(min, max));

/** A TCP port; without a fallback the variable is optional and the caller picks the default. */
export const optionalPort = () => wholeNumber(1, 65535).optional();

/** A variable that may be unset (then `undefined`) but not set to an empty string. */
export const optionalNonEmpty = () =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || v.trim() !== '', {
      message: 'is set but empty; unset it or give a value',
    });

export interface HostPort {
  host: string;
  port: number;
}

const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[^:\s/]+):(\d{1,5})$/;

export function parseHostPort(raw: string, defaultPort: number): HostPort | undefined {
  const trimmed = raw.trim();
  const match = HOST_PORT.exec(trimmed);
  if (match) {
    const portNumber = Number(match[2]);
    if (portNumber < 1 || portNumber > 65535) return undefined;
    return { host: match[1].replace(/^\[|\]$/g, ''), port: portNumber };
  }
  if (/^[^:\s/]+$/.test(trimmed)) return { host: trimmed, port: defaultPort };
  return undefined;
}

/** A comma-separated list of `host:port`; empty entries are an error, not silently skipped. */
export const hostPortList = (defaultPort: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): HostPort[] | undefined => {
      if (raw === undefined) return undefined;
      const parts = raw.split(',').map((part) => part.trim());
      const parsed = parts.map((part) => (part === '' ? undefined : parseHostPort(part, defaultPort)));
      const bad = parts.filter((_, i) => parsed[i] === undefined);
      if (bad.length > 0 || parts.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expects a comma-separated list of host:port, could not read ${bad.map((b) => `"${b}"`).join(', ') || 'an empty list'}`,
        });
        return z.NEVER;
      }
      return parsed as HostPort[];
    });

export interface RateLimitSetting {
  limit: number;
  windowMs: number;
}

const RATE = /^(\d+)\s*\/\s*(\d+)(ms|s|m|h|d)?$/;

/** `100/1m`: at most 100 per minute (for login: 5 failures per 5 minutes). */
export const rateLimit = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx): RateLimitSetting => {
      const match = RATE.exec(raw.trim());
      const limit = match ? Number(match[1]) : 0;
      const windowMs = match ? Number(match[2]) * UNIT_MS[match[3] ?? 'ms'] : 0;
      if (!match || limit < 1 || windowMs < 1) {
        ctx.addIssue({ code: 'custom', message: `"${raw}" is not a rate (use e.g. 100/1m, 5/5m)` });
        return z.NEVER;
      }
      return { limit, windowMs };
    });
