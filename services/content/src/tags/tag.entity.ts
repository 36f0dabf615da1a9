import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's tag; names are unique per user and stored normalized (see `tagNameField`). */
@Entity({ name: 'tags' })
export class TagEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
