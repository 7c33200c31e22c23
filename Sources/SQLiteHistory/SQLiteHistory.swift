package import Foundation
import GRDB
package import History
import Synchronization

/// Execution history in one SQLite file (WAL mode), through a GRDB `DatabasePool`.
///
/// `begin` and `finish` go through a group commit on GRDB's writer queue (``WriterQueueCommits``):
/// concurrent calls share one
/// transaction, and each returns once that transaction is committed. A returned `finish` survives
/// a process crash (`kill -9`) with either ``Durability``: the commit is in the WAL file, in the
/// kernel's page cache. `.normal` (the default, `synchronous = NORMAL`) may lose the last commits
/// on a power loss or kernel crash; `.full` fsyncs every commit and survives those too, at about
/// half the throughput (see docs/history.md).
///
/// Several processes may open the same file; SQLite serialises their writes (with a busy timeout).
package final class SQLiteHistory: Sendable {
  /// How hard each commit pushes data to disk (SQLite's `PRAGMA synchronous` in WAL mode).
  package enum Durability: String, Sendable, CaseIterable {
    /// fsync the WAL on every commit: durable across process crashes and power loss.
    case full
    /// fsync only at checkpoints: durable across process crashes; the last commits may be lost on
    /// power loss or an OS crash (the database stays consistent).
    case normal

    var pragma: String {
      switch self {
      case .full: "FULL"
      case .normal: "NORMAL"
      }
    }
  }

  /// The database file.
  package let path: String
  let pool: DatabasePool
  let commits: WriterQueueCommits<PendingWrite>
  /// What `begin` compressed, for `finish` (``BegunTriggers``).
  let begunTriggers = BegunTriggers()
  /// Nil for a store opened read-only, which takes no part in the presence protocol.
  private let presence: ProcessPresence?
  /// Held while this store serves the file (``claimServing()``).
  private let servingLock = Mutex<ServingLock?>(nil)
  /// The queue's de-duplication keys, loaded at ``claimServing()`` or the first enqueue.
  let deliveryKeys = RecentDeliveryKeys()
  /// Executions that processes which died had left `running`, marked `interrupted` while this
  /// store opened the file; only a process that opens the file alone marks them (see
  /// docs/history.md), so a live process's running executions are never touched.
  package let interruptedAtOpen: Int

  /// Opens (creating if needed) the history database at `path` and migrates it.
  ///
  /// - Parameters:
  ///   - durability: see ``Durability``; `.full` when executions must survive power loss.
  ///   - maxBatchSize: the most executions one group-commit transaction holds.
  /// - Throws: ``SQLiteHistoryError`` `cannotOpen` when the file is not an SQLite database or
  ///   cannot be created, `newerSchema` when a newer sonarflow migrated it.
  package init(path: String, durability: Durability = .normal, maxBatchSize: Int = 512) throws {
    self.path = path
    // The presence lock comes first: the process that opens the file alone creates and migrates
    // it while holding the lock exclusively, and every other opener waits for it to share, so two
    // processes starting on a new file never both create its tables.
    let presence = ProcessPresence(databasePath: path)
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    configuration.busyMode = .timeout(10)
    configuration.label = "sonarflow.history"
    let pool: DatabasePool
    do {
      pool = try DatabasePool(path: path, configuration: configuration)
    } catch {
      throw SQLiteHistoryError.cannotOpen(path: path, reason: Self.reason(error))
    }
    let migrator = HistorySchema.migrator
    do {
      let unknown = try pool.read { db in
        try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
      }
      if !unknown.isEmpty {
        throw SQLiteHistoryError.newerSchema(path: path, unknownMigrations: unknown)
      }
      do {
        try migrator.migrate(pool)
      } catch  where !presence.isAlone {
        // Another process that was not alone either (a second new sonarflow next to a running
        // one) may have applied the same migrations first: that is not an error.
        guard try pool.read(migrator.hasCompletedMigrations) else { throw error }
      }
      // Only the writer connection commits, and DatabasePool keeps that one connection open, so
      // setting it there is enough. (It cannot go in `prepareDatabase`: GRDB sets NORMAL after it
      // when it enables WAL.)
      try pool.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = \(durability.pragma)")
        // Deleted and overwritten content (a confidential delivery's body, pruned executions) is
        // zeroed in its page instead of lingering in free space (docs/security.md).
        try db.execute(sql: "PRAGMA secure_delete = ON")
        // Executions carry kilobytes of JSON: a larger page cache than the 2 MB default saves
        // re-reading index pages between batches.
        try db.execute(sql: "PRAGMA cache_size = -16384")
        // Checkpoint every ~40 MB of WAL instead of SQLite's 4 MB: a checkpoint runs inside the
        // commit that crosses the threshold, on the writer, and fsyncs; with group commits of
        // dozens of rows the default fired many times a second and stalled every waiting caller.
        // Fewer checkpoints also copy each hot page once instead of once per 4 MB.
        try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
        // Statement journals in memory. A statement that may fail half-way (an upsert, an
        // operation's insert checked against its execution) keeps the pages it changes in a
        // statement journal, which otherwise starts as a 64 KB block freed at the statement's
        // end: glibc handed that block back to the kernel and faulted it in again for the next
        // statement, an madvise and its page faults per execution written. In memory the journal
        // grows in 1 KB pieces to the pages its statement changes: a few for a statement that
        // writes one execution, as the writer's statements for executions do (a prune deletes them
        // one by one; docs/benchmarks.md, "Statement journals in memory").
        try db.execute(sql: "PRAGMA temp_store = MEMORY")
      }
    } catch let error as SQLiteHistoryError {
      throw error
    } catch {
      throw SQLiteHistoryError.cannotOpen(path: path, reason: Self.reason(error))
    }
    do {
      interruptedAtOpen = presence.isAlone ? try pool.write(Self.markRunningInterrupted) : 0
    } catch {
      throw SQLiteHistoryError.cannotOpen(path: path, reason: Self.reason(error))
    }
    presence.share()
    self.presence = presence
    self.pool = pool
    self.commits = WriterQueueCommits(pool: pool, maxBatchSize: maxBatchSize, commit: Self.commit)
  }

  /// Opens an existing history database for the commands that only look (`history list` and
  /// `show`, `scenarios list`): never creates it; opens it as usual when this process may write
  /// the file and its folder (so the next command still marks a dead process's executions
  /// interrupted), and with ``init(readingOnly:)`` otherwise.
  ///
  /// - Throws: ``SQLiteHistoryError`` `noSuchFile`, and what the initializer used throws.
  package static func openExisting(path: String) throws -> SQLiteHistory {
    guard FileManager.default.fileExists(atPath: path) else { throw SQLiteHistoryError.noSuchFile(path: path) }
    if isWritable(path) && isWritable(folder(of: path)) { return try SQLiteHistory(path: path) }
    return try SQLiteHistory(readingOnly: path)
  }

  /// Whether this process may write `path` and its mode allows writing at all: a file or folder
  /// marked read-only (no `w` bit) is left alone even by root, whom `access` always lets write.
  private static func isWritable(_ path: String) -> Bool {
    var status = stat()
    guard stat(path, &status) == 0 else { return false }
    return FileManager.default.isWritableFile(atPath: path) && status.st_mode & 0o222 != 0
  }

  private static func folder(of path: String) -> String {
    URL(fileURLWithPath: path).deletingLastPathComponent().path
  }

  /// Opens an existing history database for reading only: it is never created, migrated or
  /// written, and no lock file is made, so `history list` and `show` work on a file (or in a
  /// folder) the user may not write.
  ///
  /// SQLite needs the WAL's `-shm` file to read a WAL database; when it is missing and cannot be
  /// created (a read-only folder), the file is opened `immutable`, as a snapshot.
  ///
  /// - Throws: ``SQLiteHistoryError`` `noSuchFile`, `cannotOpen` (also when an older sonarflow
  ///   wrote it: a writing command upgrades it first), `newerSchema`.
  package init(readingOnly path: String) throws {
    self.path = path
    guard FileManager.default.fileExists(atPath: path) else { throw SQLiteHistoryError.noSuchFile(path: path) }
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(10)
    configuration.label = "sonarflow.history"
    let migrator = HistorySchema.migrator
    func open(_ location: String) throws -> DatabasePool {
      let pool = try DatabasePool(path: location, configuration: configuration)
      let (applied, complete) = try pool.read { db in
        (try migrator.appliedIdentifiers(db), try migrator.hasCompletedMigrations(db))
      }
      let unknown = applied.subtracting(migrator.migrations).sorted()
      if !unknown.isEmpty { throw SQLiteHistoryError.newerSchema(path: path, unknownMigrations: unknown) }
      if !complete {
        throw SQLiteHistoryError.cannotOpen(
          path: path,
          reason: "an older sonarflow wrote it; run a command that records (run, serve) on it once to upgrade it")
      }
      return pool
    }
    // SQLite's URI form (file:…?immutable=1): the system library is built with URI support.
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    let immutable =
      "file:\(absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute)?immutable=1"
    let pool: DatabasePool
    do {
      if !Self.isWritable(Self.folder(of: path)) && !FileManager.default.fileExists(atPath: path + "-wal") {
        // No -shm file can be made next to it, and there is no WAL to read: the file is all.
        pool = try open(immutable)
      } else {
        do {
          pool = try open(path)
        } catch let error as DatabaseError {
          guard let fallback = try? open(immutable) else { throw error }
          pool = fallback
        }
      }
    } catch let error as SQLiteHistoryError {
      throw error
    } catch {
      throw SQLiteHistoryError.cannotOpen(path: path, reason: Self.reason(error))
    }
    interruptedAtOpen = 0
    self.presence = nil
    self.pool = pool
    self.commits = WriterQueueCommits(pool: pool, maxBatchSize: 1, commit: Self.commit)
  }
}

extension SQLiteHistory: HistoryStore {
  package func begin(_ execution: ExecutionRecord) async throws {
    let stored = StoredRecord(execution)
    begunTriggers.remember(execution, stored: stored)
    try await commits.submit(.begin(stored))
  }

  package func finish(_ execution: ExecutionRecord) async throws {
    try await commits.submit(.finish(finishing(execution)))
  }

  /// `execution` in its stored form, reusing the trigger bundle its `begin` compressed.
  func finishing(_ execution: ExecutionRecord) -> StoredRecord {
    StoredRecord(execution, storedTrigger: begunTriggers.take(execution))
  }

  package func execution(id: String) async throws -> ExecutionRecord? {
    try await access {
      try await pool.read { db in try RecordRows.execution(id: id, db: db) }
    }
  }

  package func executions(matching query: HistoryQuery) async throws -> [ExecutionRecord] {
    guard query.limit > 0 else { return [] }
    var conditions: [String] = []
    var arguments = StatementArguments()
    if let name = query.scenarioName {
      // The scenario indexes ignore case; an exact match is checked on top.
      conditions.append(
        query.ignoresNameCase
          ? "scenario_name = ? COLLATE NOCASE" : "scenario_name = ? COLLATE NOCASE AND scenario_name = ?")
      arguments += query.ignoresNameCase ? [name] : [name, name]
    }
    if let pattern = query.idPattern {
      conditions.append("id LIKE ? ESCAPE '\\'")
      arguments += [pattern]
    }
    if let status = query.status {
      conditions.append("status = ?")
      arguments += [status.rawValue]
    }
    if let since = query.since {
      conditions.append("started_at >= ?")
      arguments += [since]
    }
    if let until = query.until {
      conditions.append("started_at < ?")
      arguments += [until]
    }
    if let before = query.before {
      conditions.append("(started_at < ? OR (started_at = ? AND id < ?))")
      arguments += [before.startedAt, before.startedAt, before.id]
    }
    if !query.includesReplays { conditions.append("is_replay = 0") }
    if let text = query.text {
      let terms = SearchTerms.hashes(ofQuery: text)
      guard !terms.isEmpty else { return [] }
      conditions.append("seq IN (SELECT rowid FROM execution_search WHERE execution_search MATCH ?)")
      arguments += [SearchIndex.match(terms)]
    }
    arguments += [query.limit]
    let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    let sql = """
      SELECT \(RecordRows.executionColumns) FROM executions \(filter)
      ORDER BY started_at DESC, rowid DESC LIMIT ?
      """
    return try await access {
      try await pool.read { [arguments] db in
        try Row.fetchAll(db, sql: sql, arguments: arguments).map(RecordRows.execution(from:))
      }
    }
  }

  package func markInterrupted() async throws -> Int {
    try await access {
      try await write(Self.markRunningInterrupted)
    }
  }

  private static func markRunningInterrupted(_ db: Database) throws -> Int {
    try db.execute(sql: "UPDATE executions SET status = 'interrupted' WHERE status = 'running'")
    return db.changesCount
  }

  /// Running executions are never pruned (their process may still finish them); run
  /// `markInterrupted()` first. By count, the newest `keepExecutions` of all executions are kept
  /// and older ones deleted unless incomplete.
  package func prune(olderThan: Date?, keepExecutions: Int?) async throws -> Int {
    try await access {
      try await write { db in
        var deleted = 0
        if let olderThan {
          deleted += try SearchIndex.deleteExecutions(
            where: "started_at < ? AND status != 'running'", arguments: [olderThan], db: db)
        }
        if let keepExecutions {
          deleted += try SearchIndex.deleteExecutions(
            where: """
              status NOT IN ('running', 'incomplete') AND rowid IN (
                SELECT rowid FROM executions ORDER BY started_at DESC, rowid DESC
                LIMIT -1 OFFSET ?)
              """,
            arguments: [max(0, keepExecutions)], db: db)
        }
        return deleted
      }
    }
  }

}

extension SQLiteHistory {
  /// Makes this store the file's one server for as long as it is open: `sonarflow serve`'s
  /// workers take every pending delivery of the queue as their own, so a second server on the
  /// same file must not start. Calling it again on the same store does nothing.
  ///
  /// - Throws: ``SQLiteHistoryError`` `alreadyServed` when another process (or another store in
  ///   this one) serves the file, `cannotOpen` when the lock file cannot be created.
  package func claimServing() throws(SQLiteHistoryError) {
    try servingLock.withLock { (lock: inout ServingLock?) throws(SQLiteHistoryError) in
      guard lock == nil else { return }
      do throws(ServingLock.Refusal) {
        lock = try ServingLock(databasePath: path)
      } catch {
        switch error {
        case .held(let processID): throw .alreadyServed(path: path, processID: processID)
        case .unavailable(let reason):
          throw .cannotOpen(path: path, reason: "cannot create its serve lock '\(path).serve.lock': \(reason)")
        }
      }
    }
    // Before the first request: the server answers its first webhooks without waiting for them.
    do {
      deliveryKeys.load(try pool.read(Self.queuedKeys))
    } catch {
      throw .database(reason: Self.reason(error))
    }
  }

  /// Gives up the claim `claimServing` made, as the process ending does: another store may serve
  /// the file from now on.
  package func releaseServing() {
    servingLock.withLock { $0 = nil }
  }

  /// Creates a history file with the schema as of migration `last` (`v10-replays`), as an
  /// earlier sonarflow left it, for tests of upgrades; ``init(path:durability:maxBatchSize:)``
  /// then migrates it the rest of the way.
  package static func createFile(path: String, migratedUpTo last: String) throws {
    let queue = try DatabaseQueue(path: path)
    try HistorySchema.migrator.migrate(queue, upTo: last)
  }

  /// Identifiers of the migrations applied to this file, in order (`v1-executions`, …).
  package func appliedMigrations() async throws -> [String] {
    try await access {
      try await pool.read { db in try HistorySchema.migrator.appliedMigrations(db) }
    }
  }

  /// The writer connection's `PRAGMA synchronous` (1 NORMAL, 2 FULL), to check ``Durability``.
  package func synchronousSetting() async throws -> Int {
    try await access {
      try await writeWithoutTransaction { db in
        try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
      }
    }
  }

  /// Runs a WAL checkpoint, folding the write-ahead log into the main file (for backups or
  /// before copying the file). Not needed for durability.
  package func checkpoint() async throws {
    try await access {
      try await writeWithoutTransaction { db in
        _ = try db.checkpoint(.truncate)
      }
    }
  }
}

extension SQLiteHistory {
  enum PendingWrite: Sendable {
    case begin(StoredRecord)
    case finish(StoredRecord)
    case enqueue(QueuedDelivery)
    /// A delivery's execution and its incomplete executions, and the delivery done with its body
    /// dropped (the execution holds the trigger bundle now).
    case finishDelivery([StoredRecord], deliveryID: String)
    /// A poll's executions (none when it found nothing) and its state.
    case finishPoll([StoredRecord], PollState)
    /// Executions that belong together (an attempt and the incomplete execution it concerns).
    case finishAll([StoredRecord])
  }

  /// One transaction for the whole batch; if it fails, one transaction per write, so a bad record
  /// fails only its own caller.
  static func commit(_ writes: [PendingWrite], db: Database) -> [Result<Void, any Error>] {
    do {
      try db.inTransaction(.immediate) {
        var index = SearchIndex.Pending()
        for write in writes { try apply(write, db: db, index: &index) }
        try index.write(db: db)
        return .commit
      }
      return Array(repeating: .success(()), count: writes.count)
    } catch {
      if writes.count == 1 { return [.failure(SQLiteHistoryError.database(reason: reason(error)))] }
    }
    return writes.map { write in
      do {
        try db.inTransaction(.immediate) {
          var index = SearchIndex.Pending()
          try apply(write, db: db, index: &index)
          try index.write(db: db)
          return .commit
        }
        return .success(())
      } catch {
        return .failure(SQLiteHistoryError.database(reason: reason(error)))
      }
    }
  }

  private static func apply(_ write: PendingWrite, db: Database, index: inout SearchIndex.Pending) throws {
    switch write {
    case .begin(let record):
      try RecordRows.upsert(record, db: db, withOperations: false, index: &index)
    case .finish(let record):
      try RecordRows.upsert(record, db: db, withOperations: true, index: &index)
    case .enqueue(let delivery):
      try QueueRows.insert(delivery, db: db)
    case .finishDelivery(let records, let deliveryID):
      for record in records { try RecordRows.upsert(record, db: db, withOperations: true, index: &index) }
      // The execution now holds the trigger bundle: the queue keeps only what de-duplication
      // needs, so the body is not stored twice. The row is written anew (REPLACE deletes it and
      // appends it) rather than updated in place: emptied in place, the bodies' pages would stay
      // allocated around a few bytes each; deleted, they are freed and reused by the next bodies.
      try db.cachedStatement(
        sql: """
          INSERT OR REPLACE INTO webhook_queue (id, hook, dedupe_key, body, received_at, done)
          SELECT id, hook, dedupe_key, '', received_at, 1 FROM webhook_queue WHERE id = ?
          """
      ).execute(arguments: [deliveryID])
    case .finishPoll(let records, let state):
      for record in records { try RecordRows.upsert(record, db: db, withOperations: true, index: &index) }
      try QueueRows.save(state, db: db)
    case .finishAll(let records):
      for record in records { try RecordRows.upsert(record, db: db, withOperations: true, index: &index) }
    }
  }

  /// GRDB's errors describe the SQL but not its arguments, so no bundle data leaks into messages.
  static func reason(_ error: any Error) -> String {
    if let error = error as? DatabaseError {
      return "\(error.resultCode): \(error.message ?? "unknown error")"
    }
    return String(describing: error)
  }

  /// A write in a transaction on the writer queue, counted as in flight (``WriterQueueCommits/occupying(_:)``).
  func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
    try await commits.occupying { try await pool.write(updates) }
  }

  /// A write without an implicit transaction on the writer queue, counted as in flight.
  func writeWithoutTransaction<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
    try await commits.occupying { try await pool.writeWithoutTransaction(updates) }
  }

  /// Runs a read or maintenance access, turning GRDB errors into ``SQLiteHistoryError``.
  func access<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch let error as SQLiteHistoryError {
      throw error
    } catch let error as DataStoreError {
      throw error
    } catch let error as CancellationError {
      throw error
    } catch {
      throw SQLiteHistoryError.database(reason: Self.reason(error))
    }
  }
}
