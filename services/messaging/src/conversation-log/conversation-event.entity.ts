import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One room event of a conversation's log, exactly as it was pushed and emitted. */
@Entity({ name: 'conversation_events' })
export class ConversationEventEntity {
  @PrimaryColumn({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
