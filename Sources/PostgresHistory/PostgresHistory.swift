import Basics
package import Foundation
package import History
package import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Execution history in a PostgreSQL database, shared by several runners.
///
/// The store owns a postgres-nio connection pool (`PostgresClient`), which works only while
/// ``run()`` runs: run the store as a `Service` in a `ServiceGroup`, or use
/// ``withHistory(_:logger:_:)``, which runs it around a closure. Call ``migrate()`` once it runs
/// (``withHistory(_:logger:_:)`` does).
///
/// `begin` and `finish` go through a leader-based group commit (`GroupCommit`): concurrent calls
/// share one transaction, and each returns once that transaction is committed with
/// `synchronous_commit = on`, so a returned `finish` is on the server's disk (WAL flushed).
package final class PostgresHistory: Sendable {
  package let configuration: Configuration
  /// This process's id in the webhook queue's `claimed_by` (serve's delivery leases).
  package let runnerID: String
  /// How often serve renews its delivery leases and checks its leadership; a lease lasts three
  /// intervals.
  package let heartbeatInterval: Duration
  let client: PostgresClient
  let logger: Logger
  let schema: PostgresSchema
  private let rows: RecordRows
  /// Group-commit lanes, each committing one batch at a time on its own pooled connection; an
  /// execution's writes always take the same lane (by its id), so they stay in order.
  private let lanes: [GroupCommit<PendingWrite>]
  /// What `begin` compressed, for `finish` (``BegunTriggers``).
  let begunTriggers = BegunTriggers()
  /// The leadership term poll commits are fenced by (see ``LeaderTerm``); set by ``lead(onFollowing:whileLeading:)``.
  let term = Mutex(LeaderTerm.unfenced)

  /// Makes the store; nothing connects until ``run()`` runs.
  /// - Parameter logger: receives what happens in the background — the pool's events (failed
  ///   connection attempts), leader elections that lose the database, poll cursors refused for an
  ///   ended leadership term; silent by default, for callers that get every failure thrown.
  ///   - runnerID: identifies this process's delivery claims; unique per process by default.
  ///   - heartbeatInterval: see ``heartbeatInterval``.
  package init(
    configuration: Configuration, logger: Logger = PostgresHistory.silentLogger,
    runnerID: String = PostgresHistory.defaultRunnerID(), heartbeatInterval: Duration = .seconds(10)
  ) {
    self.configuration = configuration
    self.runnerID = runnerID
    self.heartbeatInterval = heartbeatInterval
    self.logger = logger
    let schema = PostgresSchema(name: configuration.schema)
    self.schema = schema
    rows = RecordRows(schema: schema)
    var options = PostgresClient.Configuration.Options()
    options.maximumConnections = max(1, configuration.maximumConnections)
    options.connectTimeout = configuration.connectTimeout
    // Durability must not depend on the server's or the role's default.
    options.additionalStartupParameters = [
      ("synchronous_commit", "on"), ("application_name", "sonarflow"),
    ]
    var clientConfiguration = configuration.clientConfiguration
    clientConfiguration.options = options
    let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
    self.client = client
    let rows = self.rows
    let server = configuration.server
    // Half the pool commits (at least one lane), the rest stays free for reads.
    let laneCount = max(1, configuration.maximumConnections / 2)
    lanes = (0..<laneCount).map { _ in
      GroupCommit(maxBatchSize: configuration.maxBatchSize) { writes in
        await Self.commit(writes, client: client, rows: rows, server: server, logger: logger)
      }
    }
  }

  /// Opens the store for `body`: runs the pool, applies migrations, calls `body`, then closes
  /// every connection.
  ///
  /// - Throws: ``PostgresHistoryError`` `cannotConnect` when the server cannot be reached within
  ///   the configuration's `connectTimeout` or refuses the login, `newerSchema` when a newer
  ///   sonarflow migrated the database; and whatever `body` throws.
  package static func withHistory<Result: Sendable>(
    _ configuration: Configuration, logger: Logger = PostgresHistory.silentLogger,
    _ body: (PostgresHistory) async throws -> Result
  ) async throws -> Result {
    let history = PostgresHistory(configuration: configuration, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await history.run() }
      defer { group.cancelAll() }
      try await history.migrate()
      return try await body(history)
    }
  }

  /// Applies the migrations this database lacks, each in its own transaction.
  ///
  /// - Parameter last: the last version to apply (nil: all); tests make the schema an earlier
  ///   sonarflow left with it.
  /// - Returns: the versions applied now (empty when the database was up to date).
  /// - Throws: `newerSchema` when `schema_migrations` lists a version this sonarflow does not
  ///   know; `cannotConnect` when no connection could be made in time.
  @discardableResult
  package func migrate(upTo last: Int? = nil) async throws -> [Int] {
    let server = configuration.server
    let known = schema.migrations
    let schema = self.schema
    let logger = self.logger
    let lock = Self.lockKey(configuration.schema)
    return try await withConnectTimeout {
      var applied: [Int] = []
      try await self.client.withConnection { connection in
        try await connection.query(
          "SELECT pg_advisory_lock(\(lock))", logger: logger)
        do {
          try await connection.query(
            "CREATE SCHEMA IF NOT EXISTS \(unescaped: schema.quoted)", logger: logger)
          try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS \(unescaped: schema.migrationsTable) (
              version INTEGER PRIMARY KEY, name TEXT NOT NULL,
              applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """, logger: logger)
          var versions = Set<Int>()
          for try await version in try await connection.query(
            "SELECT version FROM \(unescaped: schema.migrationsTable)", logger: logger
          ).decode(Int.self) {
            versions.insert(version)
          }
          let unknown = versions.subtracting(known.map(\.version)).sorted()
          guard unknown.isEmpty else {
            throw PostgresHistoryError.newerSchema(server: server, unknownVersions: unknown)
          }
          for migration in known
          where !versions.contains(migration.version) && migration.version <= last ?? Int.max {
            try await connection.withTransaction(logger: logger) { connection in
              for statement in migration.statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
              }
              try await connection.query(
                """
                INSERT INTO \(unescaped: schema.migrationsTable) (version, name)
                VALUES (\(migration.version), \(migration.name))
                """, logger: logger)
            }
            applied.append(migration.version)
          }
        } catch {
          _ = try? await connection.query("SELECT pg_advisory_unlock(\(lock))", logger: logger)
          throw error
        }
        try await connection.query("SELECT pg_advisory_unlock(\(lock))", logger: logger)
      }
      return applied
    }
  }

  /// The versions recorded in `schema_migrations`, in order.
  package func appliedMigrations() async throws -> [Int] {
    try await access {
      var versions: [Int] = []
      let query: PostgresQuery =
        "SELECT version FROM \(unescaped: self.schema.migrationsTable) ORDER BY version"
      for try await version in try await self.client.query(query, logger: self.logger).decode(
        Int.self)
      {
        versions.append(version)
      }
      return versions
    }
  }

  /// `synchronous_commit` as the pool's connections have it (`on`: a commit waits for the WAL
  /// flush), to check durability.
  package func synchronousCommit() async throws -> String {
    try await access {
      var setting = ""
      let rows = try await self.client.query("SHOW synchronous_commit", logger: self.logger)
      for try await value in rows.decode(String.self) { setting = value }
      return setting
    }
  }
}

extension PostgresHistory {
  /// The default logger: discards everything.
  package static var silentLogger: Logger {
    Logger(label: "sonarflow.history.postgres") { _ in SwiftLogNoOpLogHandler() }
  }
}

extension PostgresHistory: Service {
  /// Runs the connection pool until the task is cancelled (or the service group shuts down).
  package func run() async throws {
    await cancelWhenGracefulShutdown {
      await self.client.run()
    }
  }
}

extension PostgresHistory: HistoryStore {
  package func begin(_ execution: ExecutionRecord) async throws {
    let stored = StoredRecord(execution)
    begunTriggers.remember(execution, stored: stored)
    try await lane(for: execution.id).submit(.begin(stored))
  }

  package func finish(_ execution: ExecutionRecord) async throws {
    try await lane(for: execution.id).submit(.finish(finishing(execution)))
  }

  /// `execution` in its stored form, reusing the trigger bundle its `begin` compressed.
  func finishing(_ execution: ExecutionRecord) -> StoredRecord {
    StoredRecord(execution, storedTrigger: begunTriggers.take(execution))
  }

  package func execution(id: String) async throws -> ExecutionRecord? {
    try await access {
      try await self.client.withConnection { connection in
        let query: PostgresQuery = """
          SELECT \(unescaped: RecordRows.executionColumns) FROM \(unescaped: self.schema.executions)
          WHERE id = \(id)
          """
        var found: ExecutionRecord?
        for try await row in try await connection.query(query, logger: self.logger) {
          found = try RecordRows.execution(from: row)
        }
        guard var record = found else { return nil }
        record.operationLog = try await self.rows.operations(
          executionID: id, connection: connection, logger: self.logger)
        return record
      }
    }
  }

  package func executions(matching query: HistoryQuery) async throws -> [ExecutionRecord] {
    guard query.limit > 0 else { return [] }
    var conditions: [String] = []
    var bindings = PostgresBindings()
    if let name = query.scenarioName {
      bindings.append(name)
      conditions.append(
        query.ignoresNameCase
          ? "lower(scenario_name) = lower($\(bindings.count))" : "scenario_name = $\(bindings.count)")
    }
    if let pattern = query.idPattern {
      bindings.append(pattern)
      conditions.append("id ILIKE $\(bindings.count) ESCAPE '\\'")
    }
    if let status = query.status {
      bindings.append(status.rawValue)
      conditions.append("status = $\(bindings.count)")
    }
    if let since = query.since {
      bindings.append(since)
      conditions.append("started_at >= $\(bindings.count)")
    }
    if let until = query.until {
      bindings.append(until)
      conditions.append("started_at < $\(bindings.count)")
    }
    if let before = query.before {
      bindings.append(before.startedAt)
      bindings.append(before.id)
      conditions.append(
        "(started_at < $\(bindings.count - 1) OR (started_at = $\(bindings.count - 1) AND id < $\(bindings.count)))")
    }
    if !query.includesReplays { conditions.append("NOT is_replay") }
    if let text = query.text {
      let terms = SearchTerms.hashes(ofQuery: text)
      guard !terms.isEmpty else { return [] }
      bindings.append(terms)
      // The matching ids first, through the GIN index, then the page: with the condition inline
      // the planner walked the newest-first index and tested every row (1.1 s for a phone number
      // on a million executions, 0.2 ms this way; docs/benchmarks.md).
      conditions.append(
        "id = ANY(ARRAY(SELECT id FROM \(schema.executions) WHERE search_terms @> $\(bindings.count)::bigint[]))")
    }
    bindings.append(query.limit)
    let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    let sql = """
      SELECT \(RecordRows.executionColumns) FROM \(schema.executions) \(filter)
      ORDER BY started_at DESC, seq DESC LIMIT $\(bindings.count)
      """
    return try await access {
      var records: [ExecutionRecord] = []
      let rows = try await self.client.query(
        PostgresQuery(unsafeSQL: sql, binds: bindings), logger: self.logger)
      for try await row in rows { records.append(try RecordRows.execution(from: row)) }
      return records
    }
  }

  package func markInterrupted() async throws -> Int {
    try await access {
      try await self.count(
        "UPDATE \(unescaped: self.schema.executions) SET status = 'interrupted' WHERE status = 'running' RETURNING 1"
      )
    }
  }

  /// Running executions are never pruned (their process may still finish them); run
  /// `markInterrupted()` first. By count, the newest `keepExecutions` of all executions are kept
  /// and older ones deleted unless incomplete.
  package func prune(olderThan: Date?, keepExecutions: Int?) async throws -> Int {
    try await access {
      try await self.client.withTransaction(logger: self.logger) { connection in
        var deleted = 0
        if let olderThan {
          deleted += try await Self.count(
            """
            DELETE FROM \(unescaped: self.schema.executions)
            WHERE started_at < \(olderThan) AND status <> 'running' RETURNING 1
            """, connection: connection, logger: self.logger)
        }
        if let keepExecutions {
          deleted += try await Self.count(
            """
            DELETE FROM \(unescaped: self.schema.executions)
            WHERE status NOT IN ('running', 'incomplete') AND id IN (
              SELECT id FROM \(unescaped: self.schema.executions)
              ORDER BY started_at DESC, seq DESC OFFSET \(max(0, keepExecutions)))
            RETURNING 1
            """, connection: connection, logger: self.logger)
        }
        return deleted
      }
    }
  }
}

extension PostgresHistory {
  enum PendingWrite: Sendable {
    case begin(StoredRecord)
    case finish(StoredRecord)
    /// A webhook delivery, claimed by `runnerID` until `lease` from now.
    case enqueue(QueuedDelivery, EnqueueOutcome, runnerID: String, lease: Duration)
    /// A delivery's execution and its incomplete executions, and the delivery done with its body
    /// dropped (the execution holds the trigger bundle now).
    case finishDelivery([StoredRecord], deliveryID: String)
    /// A poll's executions (none when it found nothing) and its state. `fence`: the leadership
    /// epoch the cursor may be saved under (nil: unconditionally).
    case finishPoll([StoredRecord], PollState, fence: Int64?)
    /// Executions that belong together (an attempt and the incomplete execution it concerns).
    case finishAll([StoredRecord])
  }

  /// One transaction for the whole batch; if it fails, one transaction per write, so a bad record
  /// fails only its own caller.
  private static func commit(
    _ writes: [PendingWrite], client: PostgresClient, rows: RecordRows, server: String,
    logger: Logger
  ) async -> [Result<Void, any Error>] {
    func apply(_ batch: [PendingWrite]) async throws {
      try await client.withTransaction(logger: logger) { connection in
        var finished: [ExecutionRecord] = []
        var completed: [String] = []
        // A batch's deliveries in one INSERT (one round trip), first: no other write of the batch
        // can concern them, since a delivery is finished only after its enqueue returned.
        var enqueued: [(delivery: QueuedDelivery, outcome: EnqueueOutcome)] = []
        var claim: (runnerID: String, lease: Duration)?
        for case .enqueue(let delivery, let outcome, let runnerID, let lease) in batch {
          enqueued.append((delivery, outcome))
          claim = (runnerID, lease)
        }
        if let claim {
          let inserted = try await QueueRows.insert(
            enqueued.map(\.delivery), runnerID: claim.runnerID, lease: claim.lease, schema: rows.schema,
            connection: connection, logger: logger)
          for (delivery, outcome) in enqueued { outcome.set(inserted.contains(delivery.id)) }
        }
        for write in batch {
          switch write {
          case .begin(let record):
            try await rows.upsert(record, connection: connection, logger: logger)
          case .finish(let record):
            try await rows.upsert(record, connection: connection, logger: logger)
            finished.append(record.record)
          case .enqueue:
            break
          case .finishDelivery(let records, let deliveryID):
            for record in records {
              try await rows.upsert(record, connection: connection, logger: logger)
              finished.append(record.record)
            }
            completed.append(deliveryID)
          case .finishAll(let records):
            for record in records {
              try await rows.upsert(record, connection: connection, logger: logger)
              finished.append(record.record)
            }
          case .finishPoll(let records, let state, let fence):
            // The execution ran, so it is recorded even when its cursor is fenced off.
            for record in records {
              try await rows.upsert(record, connection: connection, logger: logger)
              finished.append(record.record)
            }
            let saved = try await QueueRows.save(
              state, fence: fence, schema: rows.schema, connection: connection, logger: logger)
            if !saved {
              logger.warning(
                "a polling cursor from a leadership term that has ended was not saved",
                metadata: ["key": "\(state.key)"])
            }
          }
        }
        if !completed.isEmpty {
          try await QueueRows.markDone(completed, schema: rows.schema, connection: connection, logger: logger)
        }
        try await rows.replaceOperations(of: finished, connection: connection, logger: logger)
      }
    }
    do {
      try await apply(writes)
      return Array(repeating: .success(()), count: writes.count)
    } catch {
      if writes.count == 1 { return [.failure(Self.storeError(error))] }
    }
    var results: [Result<Void, any Error>] = []
    for write in writes {
      do {
        try await apply([write])
        results.append(.success(()))
      } catch {
        results.append(.failure(Self.storeError(error)))
      }
    }
    return results
  }

  func lane(for id: String) -> GroupCommit<PendingWrite> {
    lanes[Int(Self.stableHash(id) % UInt64(lanes.count))]
  }

  /// The number of rows a `… RETURNING 1` statement touched.
  private func count(_ query: PostgresQuery) async throws -> Int {
    try await client.withConnection { connection in
      try await Self.count(query, connection: connection, logger: self.logger)
    }
  }

  static func count(
    _ query: PostgresQuery, connection: PostgresConnection, logger: Logger
  )
    async throws -> Int
  {
    var count = 0
    for try await _ in try await connection.query(query, logger: logger) { count += 1 }
    return count
  }

  /// PSQLError's own description hides everything (to avoid leaking data); take the SQLSTATE and
  /// the server's message, which names objects but not statement arguments.
  static func reason(_ error: any Error) -> String {
    if let error = error as? PostgresTransactionError {
      let cause = error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError
      return cause.map(reason) ?? "the transaction failed"
    }
    if let error = error as? PSQLError {
      if let info = error.serverInfo {
        let state = info[.sqlState].map { "\($0) " } ?? ""
        return state + (info[.message] ?? "server error")
      }
      if let underlying = error.underlying {
        return "\(error.code): \(String(describing: underlying))"
      }
      return "\(error.code)"
    }
    if let error = error as? PostgresDecodingError {
      return "cannot decode column '\(error.columnName)' of type \(error.postgresType)"
    }
    return String(describing: error)
  }

  private static func storeError(_ error: any Error) -> any Error {
    if error is PostgresHistoryError || error is CancellationError || error is DataStoreError { return error }
    if let error = error as? PostgresTransactionError,
      let cause = error.closureError ?? error.commitError ?? error.beginError
    {
      return storeError(cause)
    }
    return PostgresHistoryError.database(reason: reason(error))
  }

  /// Runs a read or maintenance access, turning postgres-nio's errors into ``PostgresHistoryError``.
  func access<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch {
      throw Self.storeError(error)
    }
  }

  /// The pool waits for a connection for as long as it takes; the first contact gives up after
  /// `connectTimeout` so an unreachable server is reported rather than waited for.
  private func withConnectTimeout<T: Sendable>(
    _ body: @escaping @Sendable () async throws -> T
  )
    async throws -> T
  {
    let timeout = configuration.connectTimeout
    let server = configuration.server
    do {
      return try await Deadline.run(within: timeout + .seconds(1), body)
    } catch is Deadline.Expired {
      throw PostgresHistoryError.cannotConnect(
        server: server,
        reason: "no connection within \(timeout) (is the server running, and are the user, "
          + "password and database right?)")
    } catch {
      let error = Self.storeError(error)
      if error is PostgresHistoryError || error is CancellationError { throw error }
      throw PostgresHistoryError.cannotConnect(server: server, reason: Self.reason(error))
    }
  }

  /// One advisory-lock key per schema, so migrations of different schemas don't wait on each other.
  private static func lockKey(_ schema: String) -> Int64 {
    Int64(bitPattern: stableHash("sonarflow.history.\(schema)"))
  }

  /// FNV-1a: the same across processes (Swift's Hasher is seeded per process).
  static func stableHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    return hash
  }
}
