import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tag renamed or merged into `intoName`, or deleted (null), at `changedAt`. */
@Entity({ name: 'tag_changes' })
export class TagChangeEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ name: 'from_name', type: 'text' })
  fromName!: string;

  @Column({ name: 'into_name', type: 'text', nullable: true })
  intoName!: string | null;

  @PrimaryColumn({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
