import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The search read model: one row per item (tombstones kept, so a late older event cannot resurrect a
 * deleted item), the user's collections for `in:`, and a per-user lexicon with a trigram index for typo
 * tolerance. Text search uses the `simple` configuration: no stemming, so a typed prefix (`kube`, `runn`)
 * matches the words as written, in any language; weights rank title (A) above tags (B) above body (C).
 */
export class CreateSearchReadModel1795700000000 implements MigrationInterface {
  // Explicit, so the name recorded in search.migrations never depends on the compiled class name.
  readonly name = 'CreateSearchReadModel1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // In public, where search_path (search, public) finds similarity() and the % operator.
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
    // array_to_string is only STABLE in general; for text[] it is immutable, which a generated column needs.
    await queryRunner.query(`
      CREATE FUNCTION search.tags_text(tags text[]) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN array_to_string(tags, ' ')`);
    await queryRunner.query(`
      CREATE TABLE search.documents (
        type text NOT NULL CONSTRAINT documents_type_known CHECK (type IN ('bookmark', 'note', 'task', 'file')),
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        version integer NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        title text NOT NULL DEFAULT '',
        body text NOT NULL DEFAULT '',
        tags text[] NOT NULL DEFAULT '{}',
        collection_id uuid NULL,
        url text NULL,
        task_status text NULL,
        favorite boolean NULL,
        read boolean NULL,
        archived boolean NULL,
        pinned boolean NULL,
        updated_at timestamptz NOT NULL,
        title_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED,
        search_tsv tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', title), 'A') ||
          setweight(to_tsvector('simple', search.tags_text(tags)), 'B') ||
          setweight(to_tsvector('simple', body), 'C')
        ) STORED,
        PRIMARY KEY (type, id)
      )`);
    await queryRunner.query(
      'CREATE INDEX documents_search_tsv_idx ON search.documents USING gin (search_tsv)',
    );
    // Title matches are the first candidates ranked; their own index keeps that step small.
    await queryRunner.query('CREATE INDEX documents_title_tsv_idx ON search.documents USING gin (title_tsv)');
    await queryRunner.query('CREATE INDEX documents_tags_idx ON search.documents USING gin (tags)');
    // Walked newest first for words in many documents, where finding 300 matches beats ranking all of them.
    await queryRunner.query(
      'CREATE INDEX documents_user_recent_idx ON search.documents (user_id, updated_at DESC, id) WHERE NOT deleted',
    );
    await queryRunner.query(
      'CREATE INDEX documents_user_type_recent_idx ON search.documents (user_id, type, updated_at DESC) WHERE NOT deleted',
    );
    await queryRunner.query(
      'CREATE INDEX documents_user_collection_idx ON search.documents (user_id, collection_id) WHERE NOT deleted',
    );

    await queryRunner.query(`
      CREATE TABLE search.collections (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        parent_id uuid NULL,
        name text NOT NULL,
        version integer NOT NULL,
        deleted boolean NOT NULL DEFAULT false
      )`);
    await queryRunner.query(
      'CREATE INDEX collections_user_name_idx ON search.collections (user_id, lower(name))',
    );
    await queryRunner.query(
      'CREATE INDEX collections_user_parent_idx ON search.collections (user_id, parent_id)',
    );

    // Tag renames, merges and deletions with their time: an item event written before one of them but
    // handled after it still carries the old name, and is mapped on arrival.
    await queryRunner.query(`
      CREATE TABLE search.tag_changes (
        user_id uuid NOT NULL,
        from_name text NOT NULL,
        into_name text NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, from_name, changed_at)
      )`);

    await queryRunner.query(`
      CREATE TABLE search.lexicon (
        user_id uuid NOT NULL,
        word text NOT NULL,
        PRIMARY KEY (user_id, word)
      )`);
    await queryRunner.query(
      'CREATE INDEX lexicon_word_prefix_idx ON search.lexicon (user_id, word text_pattern_ops)',
    );
    await queryRunner.query(
      'CREATE INDEX lexicon_word_trgm_idx ON search.lexicon USING gin (word public.gin_trgm_ops)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE search.lexicon');
    await queryRunner.query('DROP TABLE search.tag_changes');
    await queryRunner.query('DROP TABLE search.collections');
    await queryRunner.query('DROP TABLE search.documents');
    await queryRunner.query('DROP FUNCTION search.tags_text(text[])');
  }
}
