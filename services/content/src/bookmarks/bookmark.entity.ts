import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Whether the page's title, description and favicon still have to be fetched for this bookmark. */
export type MetadataState = 'none' | 'pending' | 'done' | 'failed';

@Entity({ name: 'bookmarks' })
export class BookmarkEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** Normalized, unique per user. */
  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text' })
  domain!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'favicon_url', type: 'text', nullable: true })
  faviconUrl!: string | null;

  @Column({ type: 'boolean' })
  favorite!: boolean;

  @Column({ type: 'boolean' })
  read!: boolean;

  @Column({ type: 'boolean' })
  archived!: boolean;

  @Column({ name: 'collection_id', type: 'uuid', nullable: true })
  collectionId!: string | null;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'metadata_state', type: 'text' })
  metadataState!: MetadataState;

  @Column({ name: 'metadata_attempts', type: 'smallint' })
  metadataAttempts!: number;

  /** When a worker took the fetch; a claim older than the lease is taken over (the worker died). */
  @Column({ name: 'metadata_claimed_at', type: 'timestamptz', nullable: true })
  metadataClaimedAt!: Date | null;

  @Column({ name: 'metadata_error', type: 'text', nullable: true })
  metadataError!: string | null;
}
