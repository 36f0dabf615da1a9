import { timescaleAvailability } from '@tracera/db';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The activity time series and everything derived from it: hourly rollups, active days, streaks,
 * challenges with their progress, the directory copy and the items read model for recommendations.
 * With TimescaleDB installed, `activity` is a compressed hypertable and `activity_hourly` a real-time
 * continuous aggregate; without it they are a plain table and a table the consumer maintains, queried alike.
 */
export class CreateActivity1795800000000 implements MigrationInterface {
  readonly name = 'CreateActivity1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timescale = (await timescaleAvailability(queryRunner)).installed;

    // Filled from auth's user.registered / user.updated; the zone decides which local day activity falls on.
    await queryRunner.query(`
      CREATE TABLE analytics.users (
        user_id uuid PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        time_zone text NOT NULL DEFAULT 'UTC',
        disabled boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // One row per domain event at most. Unique on (event_id, occurred_at): an event's time never changes,
    // and a hypertable's unique keys must include its time column.
    await queryRunner.query(`
      CREATE TABLE analytics.activity (
        event_id uuid NOT NULL,
        user_id uuid NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        local_day date NOT NULL,
        subject_id uuid NULL,
        tags text[] NOT NULL DEFAULT '{}',
        domain text NULL,
        CONSTRAINT activity_event_key UNIQUE (event_id, occurred_at)
      )`);
    await queryRunner.query(
      'CREATE INDEX activity_user_time_idx ON analytics.activity (user_id, occurred_at DESC)',
    );
    // Trending and rebuilds read the whole instance by time.
    await queryRunner.query('CREATE INDEX activity_time_idx ON analytics.activity (occurred_at DESC)');

    if (timescale) {
      // No default time index: activity_time_idx above is the same index.
      await queryRunner.query(
        `SELECT create_hypertable('analytics.activity', 'occurred_at',
           chunk_time_interval => INTERVAL '7 days', create_default_indexes => false, migrate_data => true)`,
      );
      await queryRunner.query(`
        ALTER TABLE analytics.activity SET (
          timescaledb.compress,
          timescaledb.compress_segmentby = 'user_id',
          timescaledb.compress_orderby = 'occurred_at DESC, event_id'
        )`);
      await queryRunner.query(
        "SELECT add_compression_policy('analytics.activity', INTERVAL '30 days', if_not_exists => true)",
      );
      await queryRunner.query(`
        CREATE MATERIALIZED VIEW analytics.activity_hourly
          WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
        SELECT user_id, type, time_bucket(INTERVAL '1 hour', occurred_at) AS hour, count(*)::bigint AS count
          FROM analytics.activity
         GROUP BY user_id, type, time_bucket(INTERVAL '1 hour', occurred_at)
        WITH NO DATA`);
      // Refreshes recompute only invalidated hours, so a wide window is cheap; it must reach as far back as
      // late activity may land (a backlog after an outage), and stays inside the minimum retention (400 days).
      await queryRunner.query(`
        SELECT add_continuous_aggregate_policy('analytics.activity_hourly',
          start_offset => INTERVAL '400 days', end_offset => INTERVAL '1 hour',
          schedule_interval => INTERVAL '30 minutes', if_not_exists => true)`);
    } else {
      await queryRunner.query(`
        CREATE TABLE analytics.activity_hourly (
          user_id uuid NOT NULL,
          type text NOT NULL,
          hour timestamptz NOT NULL,
          count bigint NOT NULL,
          PRIMARY KEY (user_id, hour, type)
        )`);
    }

    // Days with streak-qualifying activity, on the local day recorded with each activity.
    await queryRunner.query(`
      CREATE TABLE analytics.active_days (
        user_id uuid NOT NULL,
        day date NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (user_id, day)
      )`);

    // The durable copy of each streak (Redis holds the one reads use); current is computed against today.
    await queryRunner.query(`
      CREATE TABLE analytics.streaks (
        user_id uuid PRIMARY KEY,
        run_start date NULL,
        last_day date NULL,
        longest integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE analytics.challenges (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        metric text NOT NULL
          CONSTRAINT challenges_metric_check CHECK (metric IN ('tasks_completed', 'bookmarks_saved', 'notes_created')),
        target integer NOT NULL CONSTRAINT challenges_target_check CHECK (target > 0),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        visibility text NOT NULL CONSTRAINT challenges_visibility_check CHECK (visibility IN ('public', 'invite')),
        idempotency_key text NULL,
        request_hash text NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT challenges_period_check CHECK (ends_at > starts_at),
        CONSTRAINT challenges_idempotency_key UNIQUE (owner_id, idempotency_key)
      )`);
    await queryRunner.query(
      'CREATE INDEX challenges_listing_idx ON analytics.challenges (created_at DESC, id DESC)',
    );

    await queryRunner.query(`
      CREATE TABLE analytics.challenge_invites (
        challenge_id uuid NOT NULL REFERENCES analytics.challenges (id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        invited_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (challenge_id, user_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX challenge_invites_user_idx ON analytics.challenge_invites (user_id)',
    );

    // score and reached_at are derived from challenge_progress; kept here for ranking and rebuilds.
    await queryRunner.query(`
      CREATE TABLE analytics.challenge_members (
        challenge_id uuid NOT NULL REFERENCES analytics.challenges (id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        joined_at timestamptz NOT NULL DEFAULT now(),
        score integer NOT NULL DEFAULT 0,
        reached_at timestamptz NULL,
        completed_at timestamptz NULL,
        PRIMARY KEY (challenge_id, user_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX challenge_members_user_idx ON analytics.challenge_members (user_id)',
    );

    // Each item counts once per challenge, at the first time it qualified in the period.
    await queryRunner.query(`
      CREATE TABLE analytics.challenge_progress (
        challenge_id uuid NOT NULL,
        user_id uuid NOT NULL,
        subject_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (challenge_id, user_id, subject_id),
        FOREIGN KEY (challenge_id, user_id)
          REFERENCES analytics.challenge_members (challenge_id, user_id) ON DELETE CASCADE
      )`);

    // The person's own items (titles and tags) for recommendations; versions make snapshots converge.
    await queryRunner.query(`
      CREATE TABLE analytics.items (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        type text NOT NULL CONSTRAINT items_type_check CHECK (type IN ('bookmark', 'note', 'task', 'file')),
        title text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        domain text NULL,
        done boolean NOT NULL DEFAULT false,
        version integer NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        touched_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX items_user_idx ON analytics.items (user_id, touched_at DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const timescale = (await timescaleAvailability(queryRunner)).installed;
    await queryRunner.query('DROP TABLE analytics.items');
    await queryRunner.query('DROP TABLE analytics.challenge_progress');
    await queryRunner.query('DROP TABLE analytics.challenge_members');
    await queryRunner.query('DROP TABLE analytics.challenge_invites');
    await queryRunner.query('DROP TABLE analytics.challenges');
    await queryRunner.query('DROP TABLE analytics.streaks');
    await queryRunner.query('DROP TABLE analytics.active_days');
    await queryRunner.query(
      timescale ? 'DROP MATERIALIZED VIEW analytics.activity_hourly' : 'DROP TABLE analytics.activity_hourly',
    );
    await queryRunner.query('DROP TABLE analytics.activity');
    await queryRunner.query('DROP TABLE analytics.users');
  }
}
