import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Users, personal API tokens, and the sessions table used when sessions live in Postgres
 * (REDIS_SESSIONS_ENABLED=false). Hand-written so the constraints and indexes are exactly these.
 */
export class CreateAccounts1795600000000 implements MigrationInterface {
  // Explicit, so the name recorded in auth.migrations never depends on the compiled class name.
  readonly name = 'CreateAccounts1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE auth.users (
        id uuid PRIMARY KEY,
        email text NOT NULL CONSTRAINT users_email_lower_case CHECK (email = lower(email)),
        username text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CONSTRAINT users_role_known CHECK (role IN ('admin', 'user')),
        time_zone text NOT NULL DEFAULT 'UTC',
        locale text NOT NULL DEFAULT 'en',
        avatar_url text NULL,
        disabled_at timestamptz NULL,
        last_login_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX users_email_key ON auth.users (email)');
    await queryRunner.query('CREATE UNIQUE INDEX users_username_lower_key ON auth.users (lower(username))');
    // Keyset pagination of the directory and the admin list.
    await queryRunner.query('CREATE INDEX users_username_id_idx ON auth.users (username, id)');

    await queryRunner.query(`
      CREATE TABLE auth.api_tokens (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash text NOT NULL CONSTRAINT api_tokens_token_hash_key UNIQUE,
        scopes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NULL,
        last_used_at timestamptz NULL,
        revoked_at timestamptz NULL
      )`);
    await queryRunner.query('CREATE INDEX api_tokens_user_id_idx ON auth.api_tokens (user_id)');

    await queryRunner.query(`
      CREATE TABLE auth.sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
        token_hash text NOT NULL CONSTRAINT sessions_token_hash_key UNIQUE,
        role text NOT NULL,
        created_at timestamptz NOT NULL,
        last_active_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL,
        ip text NULL,
        user_agent text NULL
      )`);
    await queryRunner.query('CREATE INDEX sessions_user_id_idx ON auth.sessions (user_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE auth.sessions');
    await queryRunner.query('DROP TABLE auth.api_tokens');
    await queryRunner.query('DROP TABLE auth.users');
  }
}
