import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type AttachmentView } from '@tracera/contracts';

/** A message of a conversation; `body_tsv` (generated, for search) is left out: only SQL reads it. */
@Entity({ name: 'messages' })
export class MessageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  /** Seq of the message:created event that added it. */
  @Column({ type: 'int' })
  seq!: number;

  @Column({ name: 'sender_id', type: 'uuid' })
  senderId!: string;

  /** Markdown; empty once deleted. */
  @Column({ type: 'text' })
  body!: string;

  /** Snapshots taken when sent (the item's title then). */
  @Column({ type: 'jsonb' })
  attachments!: AttachmentView[];

  @Column({ type: 'uuid', array: true })
  mentions!: string[];

  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId!: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt!: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
