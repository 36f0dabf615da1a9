import { type ConversationType } from '@tracera/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'conversations' })
export class ConversationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  type!: ConversationType;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  /** `<smaller user id>:<larger user id>` for direct conversations: one per pair. */
  @Column({ name: 'direct_key', type: 'text', nullable: true })
  directKey!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Seq of the newest event of the conversation's log. */
  @Column({ name: 'last_seq', type: 'int' })
  lastSeq!: number;

  @Column({ name: 'last_message_at', type: 'timestamptz', nullable: true })
  lastMessageAt!: Date | null;
}
