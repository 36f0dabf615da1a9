import { type RpcError, validationFailed } from '@tracera/streams';
import { isKnownTimeZone } from './local-calendar';

/**
 * The zone a person's numbers are shown in: the one asked for, else their profile's. A profile zone this
 * runtime cannot use (it never should: auth checks zones) falls back to UTC rather than failing every read.
 */
export function effectiveTimeZone(requested: string | undefined, profileZone: string): string {
  if (requested !== undefined) return requested;
  return isKnownTimeZone(profileZone) ? profileZone : 'UTC';
}

/** True for the error Postgres raises on a zone name its own zone database lacks. */
export function isUnknownTimeZoneError(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string; message?: string } }).driverError;
  return driverError?.code === '22023' && /time zone/i.test(driverError.message ?? '');
}

/** The 422 for a zone the runtime accepted but the database does not know. */
export function timeZoneNotSupported(timeZone: string): RpcError {
  return validationFailed([
    { field: 'timeZone', message: `"${timeZone}" is not a time zone this server supports` },
  ]);
}
