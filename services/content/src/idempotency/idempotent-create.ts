import { validationFailed } from '@tracera/streams';
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

/** JSON with object keys sorted, so two equal requests always print the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What identifies a request apart from its key: the operation and every other field. */
function fingerprintOf(operation: string, request: object): string {
  const { idempotencyKey: _key, ...rest } = request as Record<string, unknown>;
  return createHash('sha256')
    .update(`${operation}\n${canonicalJson(rest)}`)
    .digest('hex');
}

/**
 * Runs a create at most once per `Idempotency-Key`: inside the caller's transaction, a retry with the same
 * key and request answers the stored response (same id); the same key with another request is refused.
 */
@Injectable()
export class IdempotentCreate {
  constructor(private readonly keys: IdempotencyKeyRepository) {}

  async run<T>(
    manager: EntityManager,
    request: { userId: string; idempotencyKey?: string },
    operation: string,
    create: () => Promise<T>,
  ): Promise<T> {
    const key = request.idempotencyKey;
    if (key === undefined) return create();
    await this.keys.lock(manager, request.userId, key);
    const fingerprint = fingerprintOf(operation, request);
    const stored = await this.keys.find(manager, request.userId, key);
    if (stored !== null) {
      if (stored.operation === operation && stored.fingerprint === fingerprint) return stored.response as T;
      throw validationFailed([
        { field: 'Idempotency-Key', message: 'was already used for a different request' },
      ]);
    }
    const response = await create();
    await this.keys.save(manager, request.userId, key, { operation, fingerprint, response });
    return response;
  }
}
