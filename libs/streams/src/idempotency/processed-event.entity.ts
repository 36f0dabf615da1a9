import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row of a service's `processed_events` table: `consumer` has committed the effect of `eventId`. */
@Entity({ name: 'processed_events' })
export class ProcessedEvent {
  @PrimaryColumn({ type: 'text' })
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'processed_at', type: 'timestamptz' })
  processedAt!: Date;
}
