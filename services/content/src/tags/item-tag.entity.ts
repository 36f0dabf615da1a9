import { type ItemType } from '@tracera/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One tag on one item of any type (files included). */
@Entity({ name: 'item_tags' })
export class ItemTagEntity {
  @PrimaryColumn({ name: 'tag_id', type: 'uuid' })
  tagId!: string;

  @PrimaryColumn({ name: 'item_type', type: 'text' })
  itemType!: ItemType;

  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;
}
