import { type MemberRole } from '@tracera/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One person in one conversation, with their own read marker and archive flag. */
@Entity({ name: 'members' })
export class MemberEntity {
  @PrimaryColumn({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  role!: MemberRole;

  @Column({ name: 'joined_at', type: 'timestamptz' })
  joinedAt!: Date;

  /** Seq of the member's own `member:added` event (also their order in member lists). */
  @Column({ name: 'joined_seq', type: 'int' })
  joinedSeq!: number;

  @Column({ name: 'last_read_seq', type: 'int' })
  lastReadSeq!: number;

  @Column({ type: 'boolean' })
  archived!: boolean;
}
