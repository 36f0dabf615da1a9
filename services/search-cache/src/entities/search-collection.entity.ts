import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's collection, for `in:<name>` (descendants included); a deleted one stays as a tombstone. */
@Entity({ name: 'collections' })
export class SearchCollectionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'boolean', default: false })
  deleted!: boolean;
}
