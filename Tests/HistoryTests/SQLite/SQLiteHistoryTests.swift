import Foundation
import History
import SQLiteHistory
import SonarflowTesting
import Synchronization
import Testing

@Suite struct SQLiteHistoryTests {
  let folder: URL
  let path: String

  init() throws {
    folder = try Fixture.temporaryDirectory("history-sqlite")
    path = folder.appendingPathComponent("history.sqlite").path
  }

  private func cleanUp() { try? FileManager.default.removeItem(at: folder) }

  /// Runs SQL through Python's sqlite3 module, as an outside tool would, and returns its output.
  private func python(_ script: String) throws -> String {
    try SQLiteScript.run(script, on: path)
  }

  @Test func opensInWALModeWithVersionedMigrations() async throws {
    defer { cleanUp() }
    let store = try SQLiteHistory(path: path)
    #expect(
      try await store.appliedMigrations() == [
        "v1-executions", "v2-serve", "v3-queue-keys-in-memory", "v4-incomplete-retries",
        "v5-scenario-state", "v6-webhook-secrets", "v7-write-probe", "v8-data-stores",
        "v9-operation-exchanges", "v10-replays", "v11-compact-search", "v12-resume-requests",
        "v13-recomputed-search-terms",
      ])
    try await store.finish(HistoryStoreConformance.sampleRecord(id: "a"))
    let mode = try python(
      "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode').fetchone()[0])")
    #expect(mode == "wal")
  }

  @Test(arguments: [(SQLiteHistory.Durability.full, 2), (.normal, 1)])
  func durabilitySetsSynchronous(_ durability: SQLiteHistory.Durability, _ pragma: Int) async throws {
    defer { cleanUp() }
    let store = try SQLiteHistory(path: path, durability: durability)
    #expect(try await store.synchronousSetting() == pragma)
    // Still set after the group commit has used the writer.
    try await store.finish(HistoryStoreConformance.sampleRecord())
    #expect(try await store.synchronousSetting() == pragma)
  }

  @Test func reopeningDoesNotRerunMigrations() async throws {
    defer { cleanUp() }
    do {
      let store = try SQLiteHistory(path: path)
      try await store.finish(HistoryStoreConformance.sampleRecord(id: "kept"))
    }
    // A second open would fail on CREATE TABLE if a migration ran again; the row and each
    // migration's single entry remain.
    let reopened = try SQLiteHistory(path: path)
    #expect(
      try await reopened.appliedMigrations() == [
        "v1-executions", "v2-serve", "v3-queue-keys-in-memory", "v4-incomplete-retries",
        "v5-scenario-state", "v6-webhook-secrets", "v7-write-probe", "v8-data-stores",
        "v9-operation-exchanges", "v10-replays", "v11-compact-search", "v12-resume-requests",
        "v13-recomputed-search-terms",
      ])
    #expect(try await reopened.execution(id: "kept")?.operationLog.count == 3)
    let count = try python(
      "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM grdb_migrations').fetchone()[0])"
    )
    #expect(count == "13")
  }

  /// A database written before operations kept their HTTP exchanges (through v7) opens, gains the
  /// column, and reads its executions back without exchanges.
  @Test func aDatabaseFromBeforeExchangesIsCarriedForward() async throws {
    defer { cleanUp() }
    var old: ExecutionRecord
    let sample = HistoryStoreConformance.sampleRecord(id: "old")
    try EarlierHistoryFormat.createSQLite(path: path, records: [sample])
    // What the store keeps of the sample (milliseconds, microseconds), read from a twin file.
    let twin = folder.appendingPathComponent("twin.sqlite").path
    try EarlierHistoryFormat.createSQLite(path: twin, records: [sample])
    old = try #require(try await SQLiteHistory(path: twin).execution(id: "old"))
    #expect(old.operationLog.contains { $0.exchanges != nil })
    // Back to the schema of v7: no exchanges column, no record of the migration.
    _ = try python(
      """
      import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); \
      c.execute('ALTER TABLE operations DROP COLUMN exchanges'); \
      c.execute('ALTER TABLE executions DROP COLUMN is_replay'); \
      c.execute("DELETE FROM grdb_migrations WHERE identifier IN ('v9-operation-exchanges', 'v10-replays')"); c.commit()
      """)
    let reopened = try SQLiteHistory(path: path)
    #expect(
      try await reopened.appliedMigrations().suffix(5) == [
        "v9-operation-exchanges", "v10-replays", "v11-compact-search", "v12-resume-requests",
        "v13-recomputed-search-terms",
      ])
    for index in old.operationLog.indices { old.operationLog[index].exchanges = nil }
    #expect(try await reopened.execution(id: "old") == old)
  }

  @Test func newerSchemaIsAClearError() async throws {
    defer { cleanUp() }
    _ = try SQLiteHistory(path: path)
    _ = try python(
      "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"INSERT INTO grdb_migrations VALUES ('v9-future')\"); c.commit()"
    )
    let error = #expect(throws: SQLiteHistoryError.self) { try SQLiteHistory(path: path) }
    #expect(error?.shortDescription == "newerSchema")
    #expect(error?.description.contains("v9-future") == true)
    #expect(error?.description.contains("newer sonarflow") == true)
  }

  @Test func aFileThatIsNotADatabaseIsAClearError() throws {
    defer { cleanUp() }
    try Data("this is not an SQLite database, just text that is long enough".utf8)
      .write(to: URL(fileURLWithPath: path))
    let error = #expect(throws: SQLiteHistoryError.self) { try SQLiteHistory(path: path) }
    #expect(error?.shortDescription == "cannotOpen")
  }

  @Test func aMissingFolderIsAClearError() throws {
    defer { cleanUp() }
    let error = #expect(throws: SQLiteHistoryError.self) {
      try SQLiteHistory(path: folder.appendingPathComponent("no/such/folder/h.sqlite").path)
    }
    #expect(error?.shortDescription == "cannotOpen")
  }

  @Test func unknownStatusInARowIsAnErrorNotACrash() async throws {
    defer { cleanUp() }
    let store = try SQLiteHistory(path: path)
    try await store.finish(HistoryStoreConformance.sampleRecord(id: "x"))
    _ = try python(
      "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE executions SET status='exploded'\"); c.commit()"
    )
    let error = await #expect(throws: SQLiteHistoryError.self) { try await store.execution(id: "x") }
    #expect(error?.shortDescription == "invalidRow")
    await #expect(throws: SQLiteHistoryError.self) {
      try await store.executions(matching: HistoryQuery())
    }
  }

  /// Bundles are BLOBs in StoredBundle's form: deflated when that wins, and read back byte for byte.
  @Test func bundlesAreStoredCompressedWithExactBytes() async throws {
    defer { cleanUp() }
    let store = try SQLiteHistory(path: path)
    var record = HistoryStoreConformance.sampleRecord(id: "bytes", operations: 1)
    // Not UTF-8, with a NUL: still returned byte for byte.
    record.resumeState = Data([0xFF, 0xFE, 0x00, 0x7B, 0x80])
    record.triggerBundle = Data(
      ("[" + (0..<500).map { #"{"phone_number":"+1555000\#($0)"}"# }.joined(separator: ",") + "]").utf8)
    try await store.finish(record)
    let read = try #require(try await SQLiteHistory(path: path).execution(id: "bytes"))
    #expect(read.resumeState == record.resumeState)
    #expect(read.triggerBundle == record.triggerBundle)
    let stored = try python(
      "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT typeof(trigger_bundle), hex(substr(trigger_bundle, 1, 1)), length(trigger_bundle), typeof(resume_state), hex(resume_state) FROM executions\").fetchone())"
    )
    let size = record.triggerBundle?.count ?? 0
    let parts = stored.trimmingCharacters(in: CharacterSet(charactersIn: "()")).components(separatedBy: ", ")
    #expect(parts.count == 5, "\(stored)")
    #expect(parts.first == "'blob'" && parts.dropFirst().first == "'01'", "\(stored)")
    #expect((Int(parts.dropFirst(2).first ?? "") ?? size) * 5 < size, "\(stored) of \(size) bytes")
    // Five bytes deflate cannot shrink: kept as they are after the 0x00 marker.
    #expect(parts.suffix(2) == ["'blob'", "'00FFFE007B80'"], "\(stored)")
  }

  /// Whether the history file's presence lock (`<file>.lock`) can be taken exclusively before
  /// `timeout` runs out; the probe lets go of it at once.
  private func presenceLockIsFree(within timeout: Duration) async throws -> Bool {
    let descriptor = open(path + ".lock", O_RDWR | O_CLOEXEC)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
      if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
        _ = flock(descriptor, LOCK_UN)
        return true
      }
      try await Task.sleep(for: .milliseconds(10))
    }
    return false
  }

  /// A process that opens the file alone marks what dead processes left running; while another
  /// store has the file open, its running executions are left alone.
  @Test func openingAloneMarksLeftoverRunningExecutionsInterrupted() async throws {
    defer { cleanUp() }
    var running = HistoryStoreConformance.sampleRecord(id: "live")
    running.status = .running
    running.finishedAt = nil
    weak var firstStore: SQLiteHistory?
    weak var secondStore: SQLiteHistory?
    do {
      let first = try SQLiteHistory(path: path)
      #expect(first.interruptedAtOpen == 0)
      try await first.begin(running)
      // A second store while the first is open (as a second process would be): not alone.
      let second = try SQLiteHistory(path: path)
      #expect(second.interruptedAtOpen == 0)
      #expect(try await second.execution(id: "live")?.status == .running)
      (firstStore, secondStore) = (first, second)
    }
    // Both closed, as after a crash. A store closes when its last reference goes, and the writer
    // queue's work item that answered `begin` can hold one a moment after the answer: wait for both.
    let deadline = ContinuousClock.now.advanced(by: .seconds(30))
    while firstStore != nil || secondStore != nil, ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(10))
    }
    #expect(firstStore == nil && secondStore == nil)
    // No descriptor holds the presence lock any more, as after a crash. (A child process another
    // test is starting holds copies of this process's descriptors until it runs its program, the
    // lock's among them.)
    #expect(try await presenceLockIsFree(within: .seconds(30)))
    // The next store to open marks the leftover.
    let next = try SQLiteHistory(path: path)
    #expect(next.interruptedAtOpen == 1)
    #expect(try await next.execution(id: "live")?.status == .interrupted)
    let again = try SQLiteHistory(path: path)
    #expect(again.interruptedAtOpen == 0)
  }

  /// Several processes starting on a file that does not exist yet (`sonarflow run` next to
  /// `sonarflow history list`): one creates the tables, the others wait for it and then open.
  @Test func storesOpeningANewFileTogetherAllOpenIt() throws {
    defer { cleanUp() }
    for round in 0..<20 {
      let file = folder.appendingPathComponent("new-\(round).sqlite").path
      let failures = Mutex<[String]>([])
      DispatchQueue.concurrentPerform(iterations: 4) { _ in
        do {
          _ = try SQLiteHistory(path: file)
        } catch {
          failures.withLock { $0.append("\(error)") }
        }
      }
      #expect(failures.withLock { $0 } == [])
    }
  }

  /// A SQLite file has one server: a second claim fails with what to do, until the first store
  /// closes.
  @Test func onlyOneStoreServesAFile() throws {
    defer { cleanUp() }
    do {
      let first = try SQLiteHistory(path: path)
      try first.claimServing()
      try first.claimServing()  // again on the same store: still its own
      let second = try SQLiteHistory(path: path)
      let error = #expect(throws: SQLiteHistoryError.self) { try second.claimServing() }
      #expect(error?.shortDescription == "alreadyServed")
      #expect(
        error?.description.contains("another sonarflow serve (process \(getpid())) is already running on '\(path)'")
          == true)
      #expect(error?.description.contains("postgres://") == true)
    }
    let next = try SQLiteHistory(path: path)
    try next.claimServing()
  }

  @Test func deletingAnExecutionDeletesItsOperations() async throws {
    defer { cleanUp() }
    let store = try SQLiteHistory(path: path)
    try await store.finish(HistoryStoreConformance.sampleRecord(id: "old", startedAt: Date(timeIntervalSince1970: 0)))
    try await store.finish(HistoryStoreConformance.sampleRecord(id: "new"))
    #expect(try await store.prune(olderThan: Date(timeIntervalSince1970: 10), keepExecutions: nil) == 1)
    let counts = try python(
      "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*), count(DISTINCT execution_id) FROM operations\").fetchone())"
    )
    #expect(counts == "(3, 1)")
  }

  @Test func aFailingRecordFailsOnlyItsOwnCaller() async throws {
    defer { cleanUp() }
    let store = try SQLiteHistory(path: path)
    // A trigger in the file makes one scenario's inserts fail, as a constraint would.
    _ = try python(
      "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"CREATE TRIGGER refuse BEFORE INSERT ON executions WHEN NEW.scenario_name = 'Bad' BEGIN SELECT RAISE(ABORT, 'refused'); END\"); c.commit()"
    )
    let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
      for index in 0..<40 {
        group.addTask {
          let record = HistoryStoreConformance.sampleRecord(
            id: "f\(index)", scenario: index % 10 == 0 ? "Bad" : "Good", operations: 1)
          do {
            try await store.finish(record)
            return (record.id, true)
          } catch {
            return (record.id, false)
          }
        }
      }
      var outcomes: [String: Bool] = [:]
      for await (id, ok) in group { outcomes[id] = ok }
      return outcomes
    }
    for index in 0..<40 {
      #expect(outcomes["f\(index)"] == (index % 10 != 0), "f\(index)")
    }
    #expect(try await store.executions(matching: HistoryQuery(limit: 100)).count == 36)
  }
}
