import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Collections, tags, bookmarks, notes, tasks, the item↔tag join and idempotency keys. Hand-written so the
 * constraints and indexes are exactly these. Composite foreign keys `(user_id, x_id)` make it impossible for
 * an item to point at another user's collection, parent task or tag.
 */
export class CreateContentItems1795700000000 implements MigrationInterface {
  // Explicit, so the name recorded in content.migrations never depends on the compiled class name.
  readonly name = 'CreateContentItems1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Times are kept to the millisecond, the precision of the views and of the list cursors built from them.
    await queryRunner.query(`
      CREATE TABLE content.collections (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        name text NOT NULL,
        parent_id uuid NULL,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT collections_user_id_id_key UNIQUE (user_id, id),
        CONSTRAINT collections_parent_fkey FOREIGN KEY (user_id, parent_id)
          REFERENCES content.collections (user_id, id),
        CONSTRAINT collections_not_own_parent CHECK (parent_id <> id)
      )`);
    // Sibling names are unique regardless of case; top-level collections (parent NULL) are siblings too.
    await queryRunner.query(
      'CREATE UNIQUE INDEX collections_sibling_name_key ON content.collections (user_id, parent_id, lower(name)) NULLS NOT DISTINCT',
    );
    await queryRunner.query('CREATE INDEX collections_parent_id_idx ON content.collections (parent_id)');
    await queryRunner.query(
      'CREATE INDEX collections_user_name_idx ON content.collections (user_id, lower(name), id)',
    );

    await queryRunner.query(`
      CREATE TABLE content.tags (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT tags_user_id_name_key UNIQUE (user_id, name),
        CONSTRAINT tags_user_id_id_key UNIQUE (user_id, id)
      )`);

    // One join for every item type (files included): tag lists and tag filters work the same for all.
    await queryRunner.query(`
      CREATE TABLE content.item_tags (
        user_id uuid NOT NULL,
        tag_id uuid NOT NULL,
        item_type text NOT NULL CONSTRAINT item_tags_item_type_known
          CHECK (item_type IN ('bookmark', 'note', 'task', 'file')),
        item_id uuid NOT NULL,
        PRIMARY KEY (tag_id, item_type, item_id),
        CONSTRAINT item_tags_tag_fkey FOREIGN KEY (user_id, tag_id)
          REFERENCES content.tags (user_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX item_tags_item_idx ON content.item_tags (item_type, item_id)');

    await queryRunner.query(`
      CREATE TABLE content.bookmarks (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        url text NOT NULL,
        domain text NOT NULL,
        title text NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        favicon_url text NULL,
        favorite boolean NOT NULL DEFAULT false,
        read boolean NOT NULL DEFAULT false,
        archived boolean NOT NULL DEFAULT false,
        collection_id uuid NULL,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        metadata_state text NOT NULL DEFAULT 'none' CONSTRAINT bookmarks_metadata_state_known
          CHECK (metadata_state IN ('none', 'pending', 'done', 'failed')),
        metadata_attempts smallint NOT NULL DEFAULT 0,
        metadata_claimed_at timestamptz NULL,
        metadata_error text NULL,
        CONSTRAINT bookmarks_user_id_url_key UNIQUE (user_id, url),
        CONSTRAINT bookmarks_collection_fkey FOREIGN KEY (user_id, collection_id)
          REFERENCES content.collections (user_id, id)
      )`);
    for (const index of [
      'bookmarks_user_created_idx ON content.bookmarks (user_id, created_at, id)',
      'bookmarks_user_updated_idx ON content.bookmarks (user_id, updated_at, id)',
      'bookmarks_user_title_idx ON content.bookmarks (user_id, lower(title), id)',
      'bookmarks_collection_idx ON content.bookmarks (user_id, collection_id, created_at, id)',
      'bookmarks_favorite_idx ON content.bookmarks (user_id, created_at, id) WHERE favorite',
      'bookmarks_unread_idx ON content.bookmarks (user_id, created_at, id) WHERE NOT read',
      'bookmarks_archived_idx ON content.bookmarks (user_id, archived, created_at, id)',
      // The metadata worker's queue: only pending rows are indexed, so it stays tiny.
      `bookmarks_metadata_pending_idx ON content.bookmarks (metadata_claimed_at NULLS FIRST, created_at) WHERE metadata_state = 'pending'`,
    ]) {
      await queryRunner.query(`CREATE INDEX ${index}`);
    }

    await queryRunner.query(`
      CREATE TABLE content.notes (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        pinned boolean NOT NULL DEFAULT false,
        collection_id uuid NULL,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT notes_collection_fkey FOREIGN KEY (user_id, collection_id)
          REFERENCES content.collections (user_id, id)
      )`);
    for (const index of [
      'notes_user_created_idx ON content.notes (user_id, created_at, id)',
      'notes_user_updated_idx ON content.notes (user_id, updated_at, id)',
      'notes_user_title_idx ON content.notes (user_id, lower(title), id)',
      'notes_collection_idx ON content.notes (user_id, collection_id, updated_at, id)',
      'notes_pinned_idx ON content.notes (user_id, updated_at, id) WHERE pinned',
    ]) {
      await queryRunner.query(`CREATE INDEX ${index}`);
    }

    await queryRunner.query(`
      CREATE TABLE content.tasks (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'todo' CONSTRAINT tasks_status_known
          CHECK (status IN ('todo', 'in_progress', 'done', 'cancelled')),
        priority text NOT NULL DEFAULT 'medium' CONSTRAINT tasks_priority_known
          CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
        -- Sorting by priority means by urgency, not alphabetically.
        priority_rank smallint GENERATED ALWAYS AS (
          CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 4 END
        ) STORED,
        due_at timestamptz NULL,
        parent_id uuid NULL,
        completed_at timestamptz NULL,
        collection_id uuid NULL,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT tasks_user_id_id_key UNIQUE (user_id, id),
        CONSTRAINT tasks_parent_fkey FOREIGN KEY (user_id, parent_id)
          REFERENCES content.tasks (user_id, id) ON DELETE CASCADE,
        CONSTRAINT tasks_not_own_parent CHECK (parent_id <> id),
        CONSTRAINT tasks_completed_iff_done CHECK ((status = 'done') = (completed_at IS NOT NULL)),
        CONSTRAINT tasks_collection_fkey FOREIGN KEY (user_id, collection_id)
          REFERENCES content.collections (user_id, id)
      )`);
    for (const index of [
      'tasks_user_created_idx ON content.tasks (user_id, created_at, id)',
      'tasks_user_updated_idx ON content.tasks (user_id, updated_at, id)',
      'tasks_user_title_idx ON content.tasks (user_id, lower(title), id)',
      // Undated tasks sort last in both directions.
      `tasks_user_due_asc_idx ON content.tasks (user_id, coalesce(due_at, 'infinity'), id)`,
      `tasks_user_due_desc_idx ON content.tasks (user_id, coalesce(due_at, '-infinity'), id)`,
      'tasks_user_priority_idx ON content.tasks (user_id, priority_rank, id)',
      'tasks_user_status_idx ON content.tasks (user_id, status, created_at, id)',
      'tasks_collection_idx ON content.tasks (user_id, collection_id, created_at, id)',
      'tasks_parent_idx ON content.tasks (parent_id, created_at, id)',
    ]) {
      await queryRunner.query(`CREATE INDEX ${index}`);
    }

    // A retried create answers what the first one answered; keys expire after 24 hours.
    await queryRunner.query(`
      CREATE TABLE content.idempotency_keys (
        user_id uuid NOT NULL,
        key text NOT NULL,
        operation text NOT NULL,
        fingerprint text NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
    await queryRunner.query(
      'CREATE INDEX idempotency_keys_created_at_idx ON content.idempotency_keys (created_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'tasks',
      'notes',
      'bookmarks',
      'item_tags',
      'tags',
      'collections',
    ]) {
      await queryRunner.query(`DROP TABLE content.${table}`);
    }
  }
}
