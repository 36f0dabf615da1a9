import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'notes' })
export class NoteEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  title!: string;

  /** Markdown. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'boolean' })
  pinned!: boolean;

  @Column({ name: 'collection_id', type: 'uuid', nullable: true })
  collectionId!: string | null;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
