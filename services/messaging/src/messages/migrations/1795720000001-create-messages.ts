import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Messages and their reactions. Hand-written so the constraints and indexes are exactly these. Needs
 * `messaging.conversations` (migration 1795720000000): a conversation's messages and reactions go with it.
 */
export class CreateMessages1795720000001 implements MigrationInterface {
  // Explicit, so the name recorded in messaging.migrations never depends on the compiled class name.
  readonly name = 'CreateMessages1795720000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // `seq` is the seq of the message:created event, so (conversation_id, seq) is unique and orders the
    // history. A client retry is recognised by (conversation, sender, client_id) or by the sender's
    // Idempotency-Key. A deleted message keeps its row (id, seq) with body and attachments emptied.
    // `simple` search config: chats mix languages, and stemming one language garbles the others. `<` and `>`
    // are blanked for the parser, which would otherwise skip `<div>` in "use <div> here" as an HTML tag.
    await queryRunner.query(`
      CREATE TABLE messaging.messages (
        id uuid PRIMARY KEY,
        conversation_id uuid NOT NULL
          CONSTRAINT messages_conversation_fkey REFERENCES messaging.conversations (id) ON DELETE CASCADE,
        seq integer NOT NULL CONSTRAINT messages_seq_positive CHECK (seq >= 1),
        sender_id uuid NOT NULL,
        body text NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
        mentions uuid[] NOT NULL DEFAULT '{}',
        client_id text NULL,
        idempotency_key text NULL,
        created_at timestamptz NOT NULL,
        edited_at timestamptz NULL,
        deleted_at timestamptz NULL,
        body_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, translate(body, '<>', '  '))) STORED,
        CONSTRAINT messages_conversation_seq_key UNIQUE (conversation_id, seq),
        CONSTRAINT messages_client_id_key UNIQUE (conversation_id, sender_id, client_id),
        CONSTRAINT messages_deleted_emptied
          CHECK (deleted_at IS NULL OR (body = '' AND attachments = '[]'::jsonb AND mentions = '{}'))
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX messages_idempotency_key ON messaging.messages (sender_id, idempotency_key) WHERE idempotency_key IS NOT NULL',
    );
    await queryRunner.query('CREATE INDEX messages_body_tsv_idx ON messaging.messages USING gin (body_tsv)');

    await queryRunner.query(`
      CREATE TABLE messaging.reactions (
        message_id uuid NOT NULL
          CONSTRAINT reactions_message_fkey REFERENCES messaging.messages (id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        emoji text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (message_id, user_id, emoji)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE messaging.reactions');
    await queryRunner.query('DROP TABLE messaging.messages');
  }
}
