import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row of a service's `outbox` table (see {@link outboxTablesV1}), mapped for reading (operators,
 * tests). Rows are written by {@link OutboxWriter} and moved on by {@link OutboxRelay}, both in SQL.
 */
@Entity({ name: 'outbox' })
export class OutboxEntry {
  /** Publish order. A bigint, so it arrives as a string. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq!: string;

  @Column({ name: 'event_id', type: 'uuid', unique: true })
  eventId!: string;

  @Column({ type: 'text' })
  stream!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'integer' })
  v!: number;

  @Column({ type: 'timestamptz' })
  ts!: Date;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId!: string;

  @Column({ name: 'causation_id', type: 'text' })
  causationId!: string;

  @Column({ type: 'text' })
  traceparent!: string;

  @Column({ type: 'jsonb' })
  data!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  /** The run_id of the Redis that took the published row, so a restart that lost it can be detected. */
  @Column({ name: 'published_redis_run', type: 'text', nullable: true })
  publishedRedisRun!: string | null;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
