import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Conversations, their members and event log, the copy of the user directory, notifications and the
 * idempotency keys of conversation creates. Hand-written so the constraints and indexes are exactly these.
 * Times are kept to the millisecond, the precision of the views and of the cursors built from them.
 */
export class CreateConversations1795720000000 implements MigrationInterface {
  // Explicit, so the name recorded in messaging.migrations never depends on the compiled class name.
  readonly name = 'CreateConversations1795720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Filled from auth's user.registered / user.updated events and from auth.user.lookup.
    await queryRunner.query(`
      CREATE TABLE messaging.users (
        user_id uuid PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        avatar_url text NULL,
        disabled boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await queryRunner.query('CREATE INDEX users_username_idx ON messaging.users (lower(username))');

    await queryRunner.query(`
      CREATE TABLE messaging.conversations (
        id uuid PRIMARY KEY,
        type text NOT NULL CONSTRAINT conversations_type_check CHECK (type IN ('direct', 'group')),
        title text NULL,
        direct_key text NULL CONSTRAINT conversations_direct_key_key UNIQUE,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        last_seq integer NOT NULL DEFAULT 0 CONSTRAINT conversations_last_seq_not_negative CHECK (last_seq >= 0),
        last_message_at timestamptz NULL,
        CONSTRAINT conversations_direct_key_only_direct CHECK ((type = 'direct') = (direct_key IS NOT NULL))
      )`);

    // joined_seq: the seq of the member's own member:added event (their place in member lists);
    // first_visible_seq: where their view of the log starts (1 for the initial members, joined_seq for later
    // ones).
    await queryRunner.query(`
      CREATE TABLE messaging.members (
        conversation_id uuid NOT NULL REFERENCES messaging.conversations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        role text NOT NULL CONSTRAINT members_role_check CHECK (role IN ('owner', 'admin', 'member')),
        joined_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        joined_seq integer NOT NULL DEFAULT 1,
        first_visible_seq integer NOT NULL DEFAULT 1,
        last_read_seq integer NOT NULL DEFAULT 0,
        archived boolean NOT NULL DEFAULT false,
        PRIMARY KEY (conversation_id, user_id)
      )`);
    await queryRunner.query('CREATE INDEX members_user_idx ON messaging.members (user_id)');

    await queryRunner.query(`
      CREATE TABLE messaging.conversation_events (
        conversation_id uuid NOT NULL REFERENCES messaging.conversations (id) ON DELETE CASCADE,
        seq integer NOT NULL CONSTRAINT conversation_events_seq_positive CHECK (seq >= 1),
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (conversation_id, seq)
      )`);

    await queryRunner.query(`
      CREATE TABLE messaging.notifications (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        kind text NOT NULL
          CONSTRAINT notifications_kind_check CHECK (kind IN ('mentioned', 'direct_message', 'added_to_conversation')),
        conversation_id uuid NOT NULL,
        message_id uuid NULL,
        actor_id uuid NOT NULL,
        preview text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        read_at timestamptz NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX notifications_user_created_idx ON messaging.notifications (user_id, created_at DESC, id DESC)',
    );
    // At most one unread direct-message notification per conversation: newer messages update it.
    await queryRunner.query(`
      CREATE UNIQUE INDEX notifications_unread_direct_key ON messaging.notifications (user_id, conversation_id)
        WHERE kind = 'direct_message' AND read_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE messaging.idempotency_keys (
        user_id uuid NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        result_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE messaging.idempotency_keys');
    await queryRunner.query('DROP TABLE messaging.notifications');
    await queryRunner.query('DROP TABLE messaging.conversation_events');
    await queryRunner.query('DROP TABLE messaging.members');
    await queryRunner.query('DROP TABLE messaging.conversations');
    await queryRunner.query('DROP TABLE messaging.users');
  }
}
