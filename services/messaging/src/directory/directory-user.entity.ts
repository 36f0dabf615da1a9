import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The messaging service's copy of a user from auth: names on members, `@username` mentions. */
@Entity({ name: 'users' })
export class DirectoryUserEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'avatar_url', type: 'text', nullable: true })
  avatarUrl!: string | null;

  @Column({ type: 'boolean' })
  disabled!: boolean;

  /** When auth made the change this row reflects; older news never overwrites newer. */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
