import GRDB

/// The history database's versioned schema. Each migration runs once per database file; GRDB
/// records applied ones in `grdb_migrations`. Never edit a shipped migration: add `v2-…`.
enum HistorySchema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-executions") { db in
      // JSON columns (trigger_bundle, resume_state, input, output) are TEXT holding the exact
      // bytes the engine gave, so sqlite3's json_extract works on them; NULL means "not stored".
      try db.execute(
        sql: """
          CREATE TABLE executions (
            id TEXT PRIMARY KEY NOT NULL,
            scenario_name TEXT NOT NULL,
            scenario_file TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            trigger_module TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            operations INTEGER NOT NULL,
            data_size INTEGER NOT NULL,
            error_type TEXT,
            error_message TEXT,
            error_module_id INTEGER,
            error_location TEXT,
            trigger_bundle TEXT,
            parent_id TEXT,
            resume_state TEXT
          );
          CREATE INDEX executions_by_started_at ON executions(started_at);
          CREATE INDEX executions_by_scenario ON executions(scenario_name, started_at);
          CREATE INDEX executions_by_status ON executions(status, started_at);
          CREATE TABLE operations (
            execution_id TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sequence INTEGER NOT NULL,
            module_id INTEGER NOT NULL,
            module_name TEXT NOT NULL,
            input TEXT,
            output TEXT,
            error_type TEXT,
            error_message TEXT,
            error_module_id INTEGER,
            error_location TEXT,
            filtered INTEGER NOT NULL,
            duration_us INTEGER NOT NULL,
            PRIMARY KEY (execution_id, position)
          );
          """)
    }
    migrator.registerMigration("v2-serve") { db in
      // sonarflow serve's durable webhook queue: a row is written before the hook is answered and
      // marked done in the transaction that records its execution. (hook, dedupe_key) is unique so
      // a retried delivery (same Sonar uuid, or same body within the window) is stored once.
      // poll_state keeps each polling trigger's seen ids, committed with the poll's execution.
      try db.execute(
        sql: """
          CREATE TABLE webhook_queue (
            id TEXT PRIMARY KEY NOT NULL,
            hook TEXT NOT NULL,
            dedupe_key TEXT NOT NULL,
            body TEXT NOT NULL,
            received_at REAL NOT NULL,
            done INTEGER NOT NULL DEFAULT 0
          );
          CREATE UNIQUE INDEX webhook_queue_dedupe ON webhook_queue(hook, dedupe_key);
          CREATE INDEX webhook_queue_pending ON webhook_queue(done, received_at);
          CREATE TABLE poll_state (
            key TEXT PRIMARY KEY NOT NULL,
            seen_ids TEXT NOT NULL,
            updated_at REAL NOT NULL
          );
          """)
    }
    migrator.registerMigration("v3-queue-keys-in-memory") { db in
      // The server keeps the queue's de-duplication keys in memory (RecentDeliveryKeys), since
      // a SQLite file has one server: the unique index of content hashes cost a random page
      // write per accepted webhook.
      try db.execute(sql: "DROP INDEX webhook_queue_dedupe")
    }
    migrator.registerMigration("v4-incomplete-retries") { db in
      // Incomplete executions completed automatically: attempts made, the most made, the interval
      // (NULL: Make's backoff schedule) and when the next attempt is due (NULL: none).
      try db.execute(
        sql: """
          ALTER TABLE executions ADD COLUMN retry_attempts INTEGER;
          ALTER TABLE executions ADD COLUMN retry_limit INTEGER;
          ALTER TABLE executions ADD COLUMN retry_interval_ms INTEGER;
          ALTER TABLE executions ADD COLUMN next_attempt_at TEXT;
          CREATE INDEX executions_due ON executions(next_attempt_at) WHERE next_attempt_at IS NOT NULL;
          """)
    }
    migrator.registerMigration("v5-scenario-state") { db in
      // Whether serve runs each scenario (by name): Make's deactivation after consecutive errors,
      // and `sonarflow scenarios enable|disable`. Dates are seconds since 1970, as in webhook_queue.
      try db.execute(
        sql: """
          CREATE TABLE scenario_state (
            name TEXT PRIMARY KEY NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            consecutive_errors INTEGER NOT NULL DEFAULT 0,
            deactivated_at REAL,
            deactivation_reason TEXT
          );
          """)
    }
    migrator.registerMigration("v6-webhook-secrets") { db in
      // Each served hook's secret URL segment (/hooks/{hook}/{secret}), made once per hook and
      // replaced by `sonarflow webhooks rotate`. Dates are seconds since 1970.
      try db.execute(
        sql: """
          CREATE TABLE webhook_secrets (
            hook TEXT PRIMARY KEY NOT NULL,
            secret TEXT NOT NULL,
            created_at REAL NOT NULL,
            rotated_at REAL
          );
          """)
    }
    migrator.registerMigration("v7-write-probe") { db in
      // One row serve rewrites every few seconds to learn whether the file takes writes (/readyz).
      try db.execute(
        sql: """
          CREATE TABLE write_probe (
            id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
            probed_at REAL NOT NULL
          );
          """)
    }
    migrator.registerMigration("v8-data-stores") { db in
      // Make's data stores: one row per record, its fields as JSON text in the order written;
      // size is the record's key and fields in UTF-8 bytes, summed for a store's size limit.
      try db.execute(
        sql: """
          CREATE TABLE data_store_records (
            store TEXT NOT NULL,
            key TEXT NOT NULL,
            fields TEXT NOT NULL,
            size INTEGER NOT NULL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (store, key)
          ) WITHOUT ROWID;
          """)
    }
    migrator.registerMigration("v9-operation-exchanges") { db in
      // The HTTP requests each operation made and their answers (JSON), for history and replay.
      try db.execute(sql: "ALTER TABLE operations ADD COLUMN exchanges TEXT")
    }
    migrator.registerMigration("v10-replays") { db in
      // Executions made by `sonarflow replay`: kept, listed only when asked for.
      try db.execute(sql: "ALTER TABLE executions ADD COLUMN is_replay INTEGER NOT NULL DEFAULT 0")
    }
    migrator.registerMigration("v11-compact-search") { db in
      // Bundles are written in StoredBundle's form (a BLOB: a marker byte, then deflate or the
      // bytes as they are); rows written before keep their TEXT, which readers tell apart by its
      // type, so nothing is rewritten here.
      //
      // Search: execution_search is a contentless FTS5 table of each finished execution's term
      // hashes (SearchTerms), its rowid the execution's `seq`; `search_terms` keeps the same
      // hashes packed (6 bytes each) so that deleting or replacing the execution can delete its
      // index entries, which a contentless table needs to be told. `seq` becomes an INTEGER
      // PRIMARY KEY (the rowid, made stable: VACUUM may renumber an implicit rowid), which means
      // rebuilding the table; foreign keys are off during GRDB's migrations, so operations stay.
      // Listing by scenario uses indexes without case (`history list` matches names so; an exact
      // match adds `= ?` on top), and one with the status for the console's scenario + status.
      try db.execute(
        sql: """
          CREATE TABLE executions_v11 (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            scenario_name TEXT NOT NULL,
            scenario_file TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            trigger_module TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            operations INTEGER NOT NULL,
            data_size INTEGER NOT NULL,
            error_type TEXT,
            error_message TEXT,
            error_module_id INTEGER,
            error_location TEXT,
            trigger_bundle BLOB,
            parent_id TEXT,
            resume_state BLOB,
            retry_attempts INTEGER,
            retry_limit INTEGER,
            retry_interval_ms INTEGER,
            next_attempt_at TEXT,
            is_replay INTEGER NOT NULL DEFAULT 0,
            search_terms BLOB
          );
          INSERT INTO executions_v11 (
            seq, id, scenario_name, scenario_file, content_hash, trigger_module, status, started_at,
            finished_at, operations, data_size, error_type, error_message, error_module_id,
            error_location, trigger_bundle, parent_id, resume_state, retry_attempts, retry_limit,
            retry_interval_ms, next_attempt_at, is_replay)
          SELECT rowid, id, scenario_name, scenario_file, content_hash, trigger_module, status,
            started_at, finished_at, operations, data_size, error_type, error_message,
            error_module_id, error_location, trigger_bundle, parent_id, resume_state,
            retry_attempts, retry_limit, retry_interval_ms, next_attempt_at, is_replay
          FROM executions;
          DROP TABLE executions;
          ALTER TABLE executions_v11 RENAME TO executions;
          CREATE INDEX executions_by_started_at ON executions(started_at);
          CREATE INDEX executions_by_scenario ON executions(scenario_name COLLATE NOCASE, started_at);
          CREATE INDEX executions_by_scenario_status
            ON executions(scenario_name COLLATE NOCASE, status, started_at);
          CREATE INDEX executions_by_status ON executions(status, started_at);
          CREATE INDEX executions_due ON executions(next_attempt_at) WHERE next_attempt_at IS NOT NULL;
          CREATE VIRTUAL TABLE execution_search USING fts5(
            terms, content = '', columnsize = 0, detail = none);
          """)
    }
    migrator.registerMigration("v12-resume-requests") { db in
      // The console's Resume: `resume_requested_at` is when a resume by hand was asked for (the
      // row is due at once: `next_attempt_at` is set to it, so claims keep using `executions_due`);
      // `held_until` is set by a claim to the end of its lease, so that a resume or a delete asked
      // for while a runner makes an attempt leaves the execution alone.
      try db.execute(
        sql: """
          ALTER TABLE executions ADD COLUMN resume_requested_at TEXT;
          ALTER TABLE executions ADD COLUMN held_until TEXT;
          """)
    }
    migrator.registerMigration("v13-recomputed-search-terms") { db in
      // An execution no longer keeps its term hashes (`search_terms`, 6 bytes a term: a fifth of
      // the file) for deleting its index entries: deleting or replacing it recomputes them from
      // the bundles it stored (SearchIndex). `is_indexed` says which executions have entries
      // (those whose `search_terms` held any; rows recorded before v11 have none). An execution
      // whose recomputed terms differ from its stored ones is re-indexed by the recomputed terms,
      // so that every later delete tells the index exactly what it holds.
      try db.execute(sql: "ALTER TABLE executions ADD COLUMN is_indexed INTEGER NOT NULL DEFAULT 0")
      try db.execute(sql: "UPDATE executions SET is_indexed = 1 WHERE length(search_terms) > 0")
      let rows = try Row.fetchCursor(
        db, sql: "SELECT seq, id, search_terms FROM executions WHERE is_indexed = 1 ORDER BY seq")
      var unindexed: [Int64] = []
      let insert = try db.makeStatement(sql: "INSERT INTO execution_search (rowid, terms) VALUES (?, ?)")
      while let row = try rows.next() {
        let seq: Int64 = row["seq"]
        let stored = SearchIndex.unpacked(row["search_terms"])
        let recomputed = try SearchIndex.storedTerms(executionID: row["id"], db: db)
        guard recomputed != stored else { continue }
        try SearchIndex.remove(seq: seq, terms: stored, db: db)
        if recomputed.isEmpty {
          unindexed.append(seq)
        } else {
          try insert.execute(arguments: [seq, SearchIndex.text(recomputed)])
        }
      }
      for seq in unindexed {
        try db.execute(sql: "UPDATE executions SET is_indexed = 0 WHERE seq = ?", arguments: [seq])
      }
      try db.execute(sql: "ALTER TABLE executions DROP COLUMN search_terms")
    }
    return migrator
  }
}
