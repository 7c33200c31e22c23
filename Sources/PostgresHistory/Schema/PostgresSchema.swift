/// The history's versioned schema. Applied versions are rows of `schema_migrations`; each migration
/// runs once per schema, in its own transaction, under an advisory lock so runners starting
/// together do not race. Never edit a shipped migration: add the next version.
struct PostgresSchema: Sendable {
  struct Migration: Sendable {
    var version: Int
    var name: String
    var statements: [String]
  }

  /// The quoted schema name, e.g. `"public"`.
  let quoted: String
  let executions: String
  let operations: String
  let migrationsTable: String
  let webhookQueue: String
  let pollState: String
  let leadership: String
  let scenarioState: String
  let webhookSecrets: String
  let writeProbe: String
  let dataStoreRecords: String

  init(name: String) {
    // Only plain identifiers reach here (Configuration.isValidSchemaName); quote anyway.
    quoted = "\"\(name)\""
    executions = "\(quoted).executions"
    operations = "\(quoted).operations"
    migrationsTable = "\(quoted).schema_migrations"
    webhookQueue = "\(quoted).webhook_queue"
    pollState = "\(quoted).poll_state"
    leadership = "\(quoted).leadership"
    scenarioState = "\(quoted).scenario_state"
    webhookSecrets = "\(quoted).webhook_secrets"
    writeProbe = "\(quoted).write_probe"
    dataStoreRecords = "\(quoted).data_store_records"
  }

  var migrations: [Migration] {
    [
      Migration(
        version: 1, name: "executions",
        statements: [
          // Bundles (trigger_bundle, resume_state, input, output) are TEXT holding the engine's
          // JSON bytes exactly (JSONB would re-encode them); `::jsonb` makes them queryable.
          // `seq` keeps insertion order for executions that started at the same instant, as
          // SQLite's rowid does.
          """
          CREATE TABLE \(executions) (
            id TEXT PRIMARY KEY,
            seq BIGSERIAL NOT NULL,
            scenario_name TEXT NOT NULL,
            scenario_file TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            trigger_module TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL,
            finished_at TIMESTAMPTZ,
            operations BIGINT NOT NULL,
            data_size BIGINT NOT NULL,
            error_type TEXT,
            error_message TEXT,
            error_module_id BIGINT,
            error_location TEXT,
            trigger_bundle TEXT,
            parent_id TEXT,
            resume_state TEXT
          )
          """,
          "CREATE INDEX executions_by_started_at ON \(executions) (started_at, seq)",
          "CREATE INDEX executions_by_scenario ON \(executions) (scenario_name, started_at, seq)",
          "CREATE INDEX executions_by_status ON \(executions) (status, started_at, seq)",
          """
          CREATE TABLE \(operations) (
            execution_id TEXT NOT NULL REFERENCES \(executions) (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sequence BIGINT NOT NULL,
            module_id BIGINT NOT NULL,
            module_name TEXT NOT NULL,
            input TEXT,
            output TEXT,
            error_type TEXT,
            error_message TEXT,
            error_module_id BIGINT,
            error_location TEXT,
            filtered BOOLEAN NOT NULL,
            duration_us BIGINT NOT NULL,
            PRIMARY KEY (execution_id, position)
          )
          """,
        ]),
      Migration(
        version: 2, name: "serve",
        statements: [
          // sonarflow serve's durable webhook queue, shared by runners. `done`: 0 pending, 1 run,
          // 2 discarded. A pending delivery is held by `claimed_by` until `lease_until` (server
          // time); NULL or past means any runner may claim it. The unique (hook, dedupe_key)
          // stores a retried Sonar delivery once.
          """
          CREATE TABLE \(webhookQueue) (
            id TEXT PRIMARY KEY,
            seq BIGSERIAL NOT NULL,
            hook TEXT NOT NULL,
            dedupe_key TEXT NOT NULL,
            body TEXT NOT NULL,
            received_at TIMESTAMPTZ NOT NULL,
            done SMALLINT NOT NULL DEFAULT 0,
            claimed_by TEXT,
            lease_until TIMESTAMPTZ,
            UNIQUE (hook, dedupe_key)
          )
          """,
          "CREATE INDEX webhook_queue_pending ON \(webhookQueue) (seq) WHERE done = 0",
          "CREATE INDEX webhook_queue_claims ON \(webhookQueue) (claimed_by) WHERE done = 0",
          "CREATE INDEX webhook_queue_finished ON \(webhookQueue) (received_at) WHERE done <> 0",
          // What each polling trigger has emitted: a JSON array of ids, oldest first.
          """
          CREATE TABLE \(pollState) (
            key TEXT PRIMARY KEY,
            seen_ids TEXT NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL
          )
          """,
        ]),
      Migration(
        version: 3, name: "leadership",
        statements: [
          // serve's leadership terms: one row, whose epoch each new leader increments. A poll
          // cursor is saved only by the transaction of the current term's leader (a fencing token).
          """
          CREATE TABLE \(leadership) (
            id SMALLINT PRIMARY KEY CHECK (id = 1),
            epoch BIGINT NOT NULL,
            runner_id TEXT NOT NULL,
            since TIMESTAMPTZ NOT NULL
          )
          """
        ]),
      Migration(
        version: 4, name: "incomplete-retries",
        statements: [
          // Incomplete executions completed automatically: attempts made, the most made, the
          // interval (NULL: Make's backoff schedule) and when the next attempt is due (NULL: none).
          """
          ALTER TABLE \(executions)
            ADD COLUMN retry_attempts INTEGER, ADD COLUMN retry_limit INTEGER,
            ADD COLUMN retry_interval_ms BIGINT, ADD COLUMN next_attempt_at TIMESTAMPTZ
          """,
          """
          CREATE INDEX executions_due ON \(executions) (next_attempt_at)
            WHERE next_attempt_at IS NOT NULL
          """,
        ]),
      Migration(
        version: 5, name: "scenario-state",
        statements: [
          // Whether serve runs each scenario (by name), shared by every runner: Make's deactivation
          // after consecutive errors, and `sonarflow scenarios enable|disable`.
          """
          CREATE TABLE \(scenarioState) (
            name TEXT PRIMARY KEY,
            active BOOLEAN NOT NULL DEFAULT true,
            consecutive_errors BIGINT NOT NULL DEFAULT 0,
            deactivated_at TIMESTAMPTZ,
            deactivation_reason TEXT
          )
          """
        ]),
      Migration(
        version: 6, name: "webhook-secrets",
        statements: [
          // Each served hook's secret URL segment (/hooks/{hook}/{secret}), shared by every runner:
          // the primary key makes creation race-free (the first insert wins).
          """
          CREATE TABLE \(webhookSecrets) (
            hook TEXT PRIMARY KEY,
            secret TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            rotated_at TIMESTAMPTZ
          )
          """
        ]),
      Migration(
        version: 7, name: "write-probe",
        statements: [
          // One row every runner rewrites every few seconds to learn whether it can write (/readyz).
          """
          CREATE TABLE \(writeProbe) (
            id SMALLINT PRIMARY KEY CHECK (id = 1),
            probed_at TIMESTAMPTZ NOT NULL
          )
          """
        ]),
      Migration(
        version: 8, name: "data-stores",
        statements: [
          // Make's data stores, shared by every runner: one row per record, its fields as JSON text
          // in the order written (jsonb would reorder them); size is the key and fields in bytes.
          """
          CREATE TABLE \(dataStoreRecords) (
            store TEXT NOT NULL,
            key TEXT NOT NULL,
            fields TEXT NOT NULL,
            size BIGINT NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            PRIMARY KEY (store, key)
          )
          """
        ]),
      Migration(
        version: 9, name: "operation-exchanges",
        statements: [
          // The HTTP requests each operation made and their answers (JSON), for history and replay.
          "ALTER TABLE \(operations) ADD COLUMN exchanges TEXT"
        ]),
      Migration(
        version: 10, name: "replays",
        statements: [
          // Executions made by `sonarflow replay`: kept, listed only when asked for.
          "ALTER TABLE \(executions) ADD COLUMN is_replay BOOLEAN NOT NULL DEFAULT false"
        ]),
      Migration(
        version: 11, name: "compact-search",
        statements: [
          // Bundles become BYTEA in StoredBundle's form (deflated with a preset dictionary, or a
          // 0x00 byte then the bytes as they are, which is what earlier rows become here).
          """
          ALTER TABLE \(executions)
            ALTER COLUMN trigger_bundle TYPE BYTEA
              USING '\\x00'::bytea || convert_to(trigger_bundle, 'UTF8'),
            ALTER COLUMN resume_state TYPE BYTEA USING '\\x00'::bytea || convert_to(resume_state, 'UTF8'),
            ADD COLUMN search_terms BIGINT[]
          """,
          """
          ALTER TABLE \(operations)
            ALTER COLUMN input TYPE BYTEA USING '\\x00'::bytea || convert_to(input, 'UTF8'),
            ALTER COLUMN output TYPE BYTEA USING '\\x00'::bytea || convert_to(output, 'UTF8'),
            ALTER COLUMN exchanges TYPE BYTEA USING '\\x00'::bytea || convert_to(exchanges, 'UTF8')
          """,
          // Search: each finished execution's term hashes (SearchTerms), found through GIN.
          "CREATE INDEX executions_search ON \(executions) USING GIN (search_terms)",
          // The console's list by scenario and status, newest first.
          """
          CREATE INDEX executions_by_scenario_status
            ON \(executions) (lower(scenario_name), status, started_at, seq)
          """,
          "CREATE INDEX executions_by_scenario_nocase ON \(executions) (lower(scenario_name), started_at, seq)",
        ]),
      Migration(
        version: 12, name: "resume-requests",
        statements: [
          // The console's Resume: when a resume by hand was asked for (the row is due at once:
          // next_attempt_at is set to it, so claims keep using executions_due), and the end of
          // a claim's lease, so that a resume or a delete asked for while a runner makes an
          // attempt leaves the execution alone.
          """
          ALTER TABLE \(executions)
            ADD COLUMN resume_requested_at TIMESTAMPTZ, ADD COLUMN held_until TIMESTAMPTZ
          """
        ]),
    ]
  }
}
