import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One member's reaction with one emoji to one message. */
@Entity({ name: 'reactions' })
export class ReactionEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'text' })
  emoji!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
