/**
 * Advisory lock classes of the outbox, the first key of `pg_advisory_xact_lock(int, int)`; the second is
 * `hashtext(schema)`. Two-key locks live apart from the migrate command's one-key lock.
 */
export const OutboxLockClass = {
  /** Held by writers from their outbox insert to commit, so rows become visible in seq order. */
  writers: 0x6f757477, // "outw"
  /** Held by the relay for one batch, so only one replica publishes a schema at a time. */
  relay: 0x6f757472, // "outr"
} as const;
