import { Entity, PrimaryColumn } from 'typeorm';

/** A word that occurred in one of the user's items, the vocabulary typo correction picks spellings from. */
@Entity({ name: 'lexicon' })
export class LexiconWordEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'text' })
  word!: string;
}
