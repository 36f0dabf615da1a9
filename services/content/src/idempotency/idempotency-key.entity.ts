import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The answer to a create made with an `Idempotency-Key`, so a retry gets the same answer. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** The RPC type, e.g. `content.note.create`. */
  @Column({ type: 'text' })
  operation!: string;

  /** SHA-256 of the request (without the key): the same key with a different request is refused. */
  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ type: 'jsonb' })
  response!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
