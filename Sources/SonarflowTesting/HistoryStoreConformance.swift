package import Foundation
package import History
import Synchronization

/// The behaviour every ``HistoryStore`` must have, checked against a real store: SQLite and
/// PostgreSQL run the same checks (as GRDB runs one `test(writer:)` against every writer).
///
/// Each check makes its own fresh store and throws a ``HistoryStoreConformance/Failure`` listing
/// every mismatch, so a test is `try await conformance.run(check)`.
package struct HistoryStoreConformance: Sendable {
  package enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
    case roundTripsEveryField
    case keepsNilApartFromEmptyData
    case beginIsVisibleAsRunningUntilFinish
    case lateBeginDoesNotUndoFinish
    case finishStoresItsOwnTriggerBundle
    case finishWithoutBegin
    case unknownIDIsNil
    case readsExecutionsByIDInOrder
    case listsNewestFirstWithFilters
    case listsUntilAndBeforeCursor
    case listingOmitsOperations
    case marksRunningAsInterrupted
    case prunesByAge
    case prunesByCount
    case prunesByAgeAndCount
    case concurrentFinishesAreAllDurable
    case keepsLargeAndBinaryBundlesExactly
    case searchFindsTermsOfBundles
    case searchFollowsReplacementAndPruning
    case readsRecordsWrittenBeforeCompaction

    package var description: String { rawValue }
  }

  /// What a check found wrong.
  package struct Failure: Error, CustomStringConvertible {
    package var check: Check
    package var mismatches: [String]
    package var description: String {
      "\(check): " + mismatches.joined(separator: "; ")
    }
  }

  /// A fresh, empty store.
  package var makeStore: @Sendable () async throws -> any HistoryStore
  /// A new connection to the same data as the given store (a reopened file), to check that what
  /// `finish` reported is durable; nil to reuse the store.
  package var reopen: (@Sendable (any HistoryStore) async throws -> any HistoryStore)?
  /// How many concurrent tasks `concurrentFinishesAreAllDurable` runs.
  package var concurrentExecutions: Int
  /// Writes the records as sonarflow wrote them before bundles were compressed (schema v10 / PostgreSQL
  /// version 10), then opens that database with this sonarflow (which migrates it) and calls the
  /// body with the store; nil where the store has no earlier format (the check then fails).
  package var upgrade: Upgrade?

  package typealias Upgrade =
    @Sendable (
      _ records: [ExecutionRecord], _ body: @Sendable (any HistoryStore) async throws -> Void
    ) async throws -> Void

  package init(
    concurrentExecutions: Int = 200,
    makeStore: @escaping @Sendable () async throws -> any HistoryStore,
    reopen: (@Sendable (any HistoryStore) async throws -> any HistoryStore)? = nil,
    upgrade: Upgrade? = nil
  ) {
    self.makeStore = makeStore
    self.reopen = reopen
    self.concurrentExecutions = concurrentExecutions
    self.upgrade = upgrade
  }

  package func run(_ check: Check) async throws {
    var log = MismatchLog()
    let store = try await makeStore()
    switch check {
    case .roundTripsEveryField: try await roundTripsEveryField(store, &log)
    case .keepsNilApartFromEmptyData: try await keepsNilApartFromEmptyData(store, &log)
    case .beginIsVisibleAsRunningUntilFinish: try await beginIsVisibleAsRunning(store, &log)
    case .lateBeginDoesNotUndoFinish: try await lateBeginDoesNotUndoFinish(store, &log)
    case .finishStoresItsOwnTriggerBundle: try await finishStoresItsOwnTriggerBundle(store, &log)
    case .finishWithoutBegin: try await finishWithoutBegin(store, &log)
    case .unknownIDIsNil: try await unknownIDIsNil(store, &log)
    case .readsExecutionsByIDInOrder: try await readsExecutionsByID(store, &log)
    case .listsNewestFirstWithFilters: try await listsNewestFirstWithFilters(store, &log)
    case .listsUntilAndBeforeCursor: try await listsUntilAndBeforeCursor(store, &log)
    case .listingOmitsOperations: try await listingOmitsOperations(store, &log)
    case .marksRunningAsInterrupted: try await marksRunningAsInterrupted(store, &log)
    case .prunesByAge: try await prunesByAge(store, &log)
    case .prunesByCount: try await prunesByCount(store, &log)
    case .prunesByAgeAndCount: try await prunesByAgeAndCount(store, &log)
    case .concurrentFinishesAreAllDurable: try await concurrentFinishes(store, &log)
    case .keepsLargeAndBinaryBundlesExactly: try await keepsLargeAndBinaryBundles(store, &log)
    case .searchFindsTermsOfBundles: try await searchFindsTerms(store, &log)
    case .searchFollowsReplacementAndPruning: try await searchFollowsReplacement(store, &log)
    case .readsRecordsWrittenBeforeCompaction: try await readsOlderRecords(&log)
    }
    if !log.mismatches.isEmpty { throw Failure(check: check, mismatches: log.mismatches) }
  }

  /// Runs every check.
  package func runAll() async throws {
    for check in Check.allCases { try await run(check) }
  }

  // MARK: - Sample data

  /// A fixed instant with sub-millisecond digits, to see that at least milliseconds survive.
  package static let epoch = Date(timeIntervalSince1970: 1_764_000_000.123_456)

  /// A finished record using every field, with non-trivial JSON and errors.
  package static func sampleRecord(
    id: String = UUID().uuidString, scenario: String = "Welcome", status: ExecutionStatus = .error,
    startedAt: Date = epoch, operations: Int = 3
  ) -> ExecutionRecord {
    ExecutionRecord(
      id: id, scenarioName: scenario, scenarioFile: "flows/\(scenario.lowercased()).yaml",
      contentHash: String(repeating: "ab", count: 32), trigger: "sonar.watchNewCustomer",
      status: status, startedAt: startedAt, finishedAt: startedAt.addingTimeInterval(1.250_5),
      operations: operations, dataSize: 4_321,
      error: ErrorRecord(
        type: "ConnectionError", message: "Sonar answered 503 — ünïcode ✓", moduleID: 3,
        location: "flows/welcome.yaml:14:12"),
      triggerBundle: Data(#"{"customer":{"phone_number":"+15550001","name":"Zoë"},"n":1.50}"#.utf8),
      parentID: "parent-\(id)",
      resumeState: Data(#"{"module":3,"bundle":{"a":[1,2,3]}}"#.utf8),
      operationLog: (1...operations).map { sequence in
        OperationRecord(
          sequence: sequence, moduleID: sequence + 1, moduleName: "sonar.sendMessage",
          input: Data(#"{"text":"Hi \#(sequence)","tags":["a","b"]}"#.utf8),
          output: sequence == operations ? nil : Data(#"[{"id":\#(sequence)}]"#.utf8),
          error: sequence == operations
            ? ErrorRecord(type: "RateLimitError", message: "slow down", moduleID: sequence + 1)
            : nil,
          isFiltered: sequence == 2,
          duration: .microseconds(1_234 * sequence) + .nanoseconds(567),
          exchanges: sequence == 2
            ? nil
            : Data(
              #"[{"method":"POST","url":"https://api.sendsonar.com/api/v1/messages","requestHeaders":[["X-Token","<redacted>"]],"requestBody":"text=Hi%20\#(sequence)","status":202,"responseHeaders":[],"responseBody":"{\"status\":\"queued\"}","durationMicroseconds":1234,"attempt":1}]"#
                .utf8))
      }
    )
  }

  // MARK: - Checks

  private func roundTripsEveryField(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    let record = Self.sampleRecord()
    try await store.finish(record)
    let read = try await readBack(store, id: record.id)
    log.compare(record, read, "read back")
    // Also with every optional absent.
    let bare = ExecutionRecord(
      id: UUID().uuidString, scenarioName: "", scenarioFile: "", contentHash: "", trigger: "",
      status: .success, startedAt: Self.epoch)
    try await store.finish(bare)
    log.compare(bare, try await readBack(store, id: bare.id), "record without optionals")
  }

  private func keepsNilApartFromEmptyData(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    var record = Self.sampleRecord(operations: 2)
    record.triggerBundle = Data()
    record.resumeState = nil
    record.operationLog[0].input = Data()
    record.operationLog[0].output = nil
    record.operationLog[1].input = nil
    record.operationLog[1].output = Data()
    record.error?.message = ""
    try await store.finish(record)
    log.compare(record, try await readBack(store, id: record.id), "nil vs empty")
  }

  private func beginIsVisibleAsRunning(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    let finished = Self.sampleRecord(status: .success)
    let running = Self.running(finished)
    try await store.begin(running)
    log.compare(running, try await store.execution(id: running.id), "after begin")
    let listed = try await store.executions(matching: HistoryQuery(status: .running))
    log.expect(listed.map(\.id) == [running.id], "running listing: \(listed.map(\.id))")
    try await store.finish(finished)
    log.compare(finished, try await store.execution(id: finished.id), "after finish")
    let all = try await store.executions(matching: HistoryQuery())
    log.expect(all.count == 1, "finish must replace the running record, found \(all.count)")
  }

  private func lateBeginDoesNotUndoFinish(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    let finished = Self.sampleRecord(status: .success)
    try await store.finish(finished)
    var running = finished
    running.status = .running
    running.operationLog = []
    try await store.begin(running)
    log.compare(finished, try await store.execution(id: finished.id), "begin after finish")
  }

  /// A store reuses the trigger bundle `begin` compressed (``BegunTriggers``) only when `finish`
  /// brings the same bytes: a finish with another bundle stores its own.
  private func finishStoresItsOwnTriggerBundle(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    for (index, changes) in [false, true].enumerated() {
      var finished = Self.sampleRecord(id: "trigger-\(index)", status: .success)
      finished.triggerBundle = Data(#"{"customer":{"phone_number":"+15550001111","first_name":"Ada"}}"#.utf8)
      try await store.begin(Self.running(finished))
      if changes {
        finished.triggerBundle = Data(#"{"customer":{"phone_number":"+15550001111","first_name":"Bea"}}"#.utf8)
      }
      try await store.finish(finished)
      log.compare(finished, try await readBack(store, id: finished.id), changes ? "changed bundle" : "same bundle")
    }
  }

  /// What `begin` records of the execution `finished` records: running, nothing done yet.
  private static func running(_ finished: ExecutionRecord) -> ExecutionRecord {
    var running = finished
    running.status = .running
    running.finishedAt = nil
    running.operations = 0
    running.error = nil
    running.operationLog = []
    return running
  }

  private func finishWithoutBegin(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    let record = Self.sampleRecord(status: .warning, operations: 1)
    try await store.finish(record)
    // Finishing twice replaces the operations rather than appending.
    var again = record
    again.operationLog = [record.operationLog[0], record.operationLog[0]]
    again.operationLog[1].sequence = 2
    try await store.finish(again)
    log.compare(again, try await store.execution(id: record.id), "second finish")
  }

  private func unknownIDIsNil(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    try await store.finish(Self.sampleRecord())
    for id in ["missing", "", "' OR 1=1 --", "%"] {
      let found = try await store.execution(id: id)
      log.expect(found == nil, "execution(id: \(id.debugDescription)) should be nil")
    }
  }

  /// `executions(ids:)` answers what `execution(id:)` does for each id, in the order given, an
  /// id given twice twice and an unknown one as nil.
  private func readsExecutionsByID(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    let first = Self.sampleRecord(id: "first", operations: 2)
    let second = Self.sampleRecord(id: "second", status: .success, operations: 1)
    var running = Self.sampleRecord(id: "running", status: .running)
    running.finishedAt = nil
    running.error = nil
    running.operations = 0
    running.operationLog = []
    try await store.finish(first)
    try await store.finish(second)
    try await store.begin(running)
    let ids = ["second", "missing", "first", "running", "second"]
    let read = try await store.executions(ids: ids)
    log.expect(read.count == ids.count, "executions(ids:) gave \(read.count) records for \(ids.count) ids")
    for (id, record) in zip(ids, read) {
      if let expected = try await store.execution(id: id) {
        log.compare(expected, record, "executions(ids:) for \(id)")
      } else {
        log.expect(record == nil, "executions(ids:) for the unknown \(id) should be nil")
      }
    }
    log.expect(read.map { $0?.id } == ["second", nil, "first", "running", "second"], "order: \(read.map { $0?.id })")
    log.expect(try await store.executions(ids: []).isEmpty, "executions(ids: []) should be empty")
  }

  private func listsNewestFirstWithFilters(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    // 12 executions, one minute apart, over two scenarios and three statuses.
    let statuses: [ExecutionStatus] = [.success, .error, .warning]
    var records: [ExecutionRecord] = []
    for index in 0..<12 {
      records.append(
        Self.sampleRecord(
          id: "e\(index)", scenario: index % 2 == 0 ? "Welcome" : "Close",
          status: statuses[index % 3], startedAt: Self.epoch.addingTimeInterval(Double(index) * 60),
          operations: 1))
    }
    for record in records.shuffled() { try await store.finish(record) }
    // A replay, the newest of all: listed only when asked for, and read back as a replay.
    var replay = Self.sampleRecord(
      id: "replay", scenario: "Close", status: .success, startedAt: Self.epoch.addingTimeInterval(3_600), operations: 1)
    replay.isReplay = true
    try await store.finish(replay)
    log.expect(try await store.execution(id: "replay")?.isReplay == true, "a replay reads back as one")
    log.expect(
      try await store.executions(matching: HistoryQuery(includesReplays: true)).map(\.id)
        == ["replay"] + records.reversed().map(\.id), "replays included when asked for")
    func ids(_ query: HistoryQuery) async throws -> [String] {
      try await store.executions(matching: query).map(\.id)
    }
    let newestFirst = records.reversed().map(\.id)
    log.expect(try await ids(HistoryQuery()) == newestFirst, "all, newest first")
    log.expect(
      try await ids(HistoryQuery(limit: 3)) == Array(newestFirst.prefix(3)), "limit 3")
    log.expect(try await ids(HistoryQuery(limit: 0)) == [], "limit 0")
    log.expect(
      try await ids(HistoryQuery(scenarioName: "Close")) == ["e11", "e9", "e7", "e5", "e3", "e1"],
      "scenario Close")
    log.expect(
      try await ids(HistoryQuery(status: .error)) == ["e10", "e7", "e4", "e1"], "status error")
    log.expect(
      try await ids(HistoryQuery(scenarioName: "Welcome", status: .success)) == ["e6", "e0"],
      "scenario and status")
    let since = Self.epoch.addingTimeInterval(9 * 60)
    log.expect(
      try await ids(HistoryQuery(since: since)) == ["e11", "e10", "e9"], "since (inclusive)")
    log.expect(
      try await ids(HistoryQuery(scenarioName: "Close", since: since, limit: 1)) == ["e11"],
      "scenario, since and limit")
    log.expect(try await ids(HistoryQuery(scenarioName: "Nope")) == [], "unknown scenario")
    log.expect(try await ids(HistoryQuery(scenarioName: "cLOSE", limit: 2)) == [], "scenario name case")
    log.expect(
      try await ids(HistoryQuery(scenarioName: "cLOSE", ignoresNameCase: true, limit: 2)) == ["e11", "e9"],
      "scenario name ignoring case")
    log.expect(try await ids(HistoryQuery(idPrefix: "e1")) == ["e11", "e10", "e1"], "id prefix")
    log.expect(try await ids(HistoryQuery(idPrefix: "e_")) == [], "id prefix with a LIKE wildcard")
    log.expect(try await ids(HistoryQuery(status: .incomplete)) == [], "no incomplete")
  }

  /// `until` (started before, exclusive) and keyset pagination with `before`: paging through
  /// with the last row of each page as the cursor lists every execution once, in order, including
  /// executions that started at the same instant (ordered by id).
  private func listsUntilAndBeforeCursor(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    var records: [ExecutionRecord] = []
    for index in 0..<10 {
      records.append(
        Self.sampleRecord(
          id: "e\(index)", scenario: index % 2 == 0 ? "Welcome" : "Close", status: .success,
          startedAt: Self.epoch.addingTimeInterval(Double(index) * 60), operations: 1))
    }
    // Three executions started at the same instant as e4, written in id order (the stores break
    // ties in their listing by insertion, the cursor by id).
    for id in ["e4a", "e4b", "e4c"] {
      records.append(
        Self.sampleRecord(
          id: id, scenario: "Welcome", status: .success, startedAt: Self.epoch.addingTimeInterval(4 * 60),
          operations: 1))
    }
    for record in records { try await store.finish(record) }
    func ids(_ query: HistoryQuery) async throws -> [String] {
      try await store.executions(matching: query).map(\.id)
    }
    var until = HistoryQuery()
    until.until = Self.epoch.addingTimeInterval(3 * 60)
    log.expect(try await ids(until) == ["e2", "e1", "e0"], "until (exclusive)")
    until.since = Self.epoch.addingTimeInterval(60)
    log.expect(try await ids(until) == ["e2", "e1"], "since and until")

    let expected = ["e9", "e8", "e7", "e6", "e5", "e4c", "e4b", "e4a", "e4", "e3", "e2", "e1", "e0"]
    log.expect(try await ids(HistoryQuery()) == expected, "newest first, ties in id order")
    var paged: [String] = []
    var query = HistoryQuery(limit: 4)
    for _ in 0..<10 {
      let page = try await store.executions(matching: query)
      paged += page.map(\.id)
      guard let last = page.last else { break }
      query.before = ExecutionCursor(startedAt: last.startedAt, id: last.id)
    }
    log.expect(paged == expected, "pages of 4 by cursor: \(paged)")

    var welcome = HistoryQuery(scenarioName: "Welcome", limit: 2)
    welcome.before = ExecutionCursor(startedAt: Self.epoch.addingTimeInterval(4 * 60), id: "e4b")
    log.expect(try await ids(welcome) == ["e4a", "e4"], "cursor inside a tie, with a filter")
    var cursorAndUntil = HistoryQuery()
    cursorAndUntil.before = ExecutionCursor(startedAt: Self.epoch.addingTimeInterval(2 * 60), id: "e2")
    cursorAndUntil.until = Self.epoch.addingTimeInterval(60)
    log.expect(try await ids(cursorAndUntil) == ["e0"], "cursor and until")
  }

  private func listingOmitsOperations(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    let record = Self.sampleRecord(operations: 4)
    try await store.finish(record)
    let listed = try await store.executions(matching: HistoryQuery())
    log.expect(listed.count == 1, "one listed")
    if let first = listed.first {
      var expected = record
      expected.operationLog = []
      log.compare(expected, first, "listed record")
    }
  }

  private func marksRunningAsInterrupted(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    var running: [ExecutionRecord] = []
    for index in 0..<3 {
      var record = Self.sampleRecord(id: "r\(index)", status: .running)
      record.finishedAt = nil
      record.error = nil
      record.operationLog = []
      running.append(record)
      try await store.begin(record)
    }
    let done = Self.sampleRecord(id: "done", status: .success)
    try await store.finish(done)
    let incomplete = Self.sampleRecord(id: "inc", status: .incomplete)
    try await store.finish(incomplete)
    let marked = try await store.markInterrupted()
    log.expect(marked == 3, "markInterrupted returned \(marked), expected 3")
    for record in running {
      var expected = record
      expected.status = .interrupted
      log.compare(expected, try await store.execution(id: record.id), "interrupted \(record.id)")
    }
    log.compare(done, try await store.execution(id: "done"), "finished untouched")
    log.compare(incomplete, try await store.execution(id: "inc"), "incomplete untouched")
    let again = try await store.markInterrupted()
    log.expect(again == 0, "second markInterrupted returned \(again), expected 0")
  }

  /// Executions d0…d9 started 0…9 days before `epoch`, with d3 and d8 incomplete and d1 running.
  private func seedForPrune(_ store: any HistoryStore) async throws {
    for day in 0..<10 {
      let status: ExecutionStatus = [3, 8].contains(day) ? .incomplete : day == 1 ? .running : .success
      var record = Self.sampleRecord(
        id: "d\(day)", status: status, startedAt: Self.epoch.addingTimeInterval(-Double(day) * 86_400),
        operations: 2)
      if status == .running {
        record.finishedAt = nil
        try await store.begin(record)
      } else {
        try await store.finish(record)
      }
    }
  }

  private func remainingIDs(_ store: any HistoryStore) async throws -> Set<String> {
    Set(try await store.executions(matching: HistoryQuery(limit: 1_000)).map(\.id))
  }

  private func prunesByAge(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    try await seedForPrune(store)
    // Cutoff between day 5 and day 6: d6…d9 go, including incomplete d8.
    let cutoff = Self.epoch.addingTimeInterval(-5.5 * 86_400)
    let deleted = try await store.prune(olderThan: cutoff, keepExecutions: nil)
    log.expect(deleted == 4, "deleted \(deleted), expected 4")
    let remaining = try await remainingIDs(store)
    log.expect(remaining == ["d0", "d1", "d2", "d3", "d4", "d5"], "remaining \(remaining.sorted())")
    let operationsGone = try await store.execution(id: "d6")
    log.expect(operationsGone == nil, "d6 should be gone")
    let kept = try await store.execution(id: "d5")
    log.expect(kept?.operationLog.count == 2, "d5 keeps its operations")
    let none = try await store.prune(olderThan: nil, keepExecutions: nil)
    log.expect(none == 0, "prune without limits deleted \(none)")
  }

  private func prunesByCount(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    try await seedForPrune(store)
    // Keep the newest 4 (d0…d3); of the rest, incomplete d8 stays.
    let deleted = try await store.prune(olderThan: nil, keepExecutions: 4)
    log.expect(deleted == 5, "deleted \(deleted), expected 5")
    let remaining = try await remainingIDs(store)
    log.expect(remaining == ["d0", "d1", "d2", "d3", "d8"], "remaining \(remaining.sorted())")
    // Keeping 0 removes everything but incomplete and running executions.
    _ = try await store.prune(olderThan: nil, keepExecutions: 0)
    let rest = try await remainingIDs(store)
    log.expect(rest == ["d1", "d3", "d8"], "after keep 0: \(rest.sorted())")
  }

  private func prunesByAgeAndCount(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    try await seedForPrune(store)
    let cutoff = Self.epoch.addingTimeInterval(-7.5 * 86_400)
    let deleted = try await store.prune(olderThan: cutoff, keepExecutions: 2)
    // Age removes d8, d9; count keeps d0, d1 and incomplete d3, removes d2, d4…d7.
    log.expect(deleted == 7, "deleted \(deleted), expected 7")
    let remaining = try await remainingIDs(store)
    log.expect(remaining == ["d0", "d1", "d3"], "remaining \(remaining.sorted())")
  }

  private func concurrentFinishes(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    let count = concurrentExecutions
    let records = (0..<count).map { index in
      Self.sampleRecord(
        id: "c\(index)", scenario: "S\(index % 4)", status: .success,
        startedAt: Self.epoch.addingTimeInterval(Double(index)), operations: 1 + index % 4)
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
      for record in records {
        group.addTask {
          var running = record
          running.status = .running
          running.operationLog = []
          try await store.begin(running)
          try await store.finish(record)
        }
      }
      try await group.waitForAll()
    }
    let reader = try await reopen?(store) ?? store
    let listed = try await reader.executions(matching: HistoryQuery(limit: count + 10))
    log.expect(listed.count == count, "listed \(listed.count) of \(count)")
    log.expect(listed.allSatisfy { $0.status == .success }, "all finished")
    for record in records where Int(record.id.dropFirst()).map({ $0 % 37 == 0 }) ?? false {
      log.compare(record, try await reader.execution(id: record.id), "concurrent \(record.id)")
    }
  }

  private func keepsLargeAndBinaryBundles(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    var record = Self.sampleRecord(operations: 3)
    // 300 KB of varied JSON (compresses), a bundle of random bytes (does not), bytes that are not
    // UTF-8 and hold NUL, and a short one below what is worth compressing.
    var generator = SystemRandomNumberGenerator()
    let rows = (0..<3_000).map { #"{"n":\#($0),"phone":"+1555\#(100_000 + $0 * 7)","text":"Zoë ✓ \#($0 % 13)"}"# }
    record.triggerBundle = Data(("[" + rows.joined(separator: ",") + "]").utf8)
    record.operationLog[0].input = Data((0..<4_096).map { _ in UInt8.random(in: 0...255, using: &generator) })
    record.operationLog[1].output = Data([0x7B, 0x00, 0xFF, 0xFE, 0x7D])
    record.operationLog[2].input = Data("{}".utf8)
    record.resumeState = Data(String(repeating: #"{"a":[1,2,3]}"#, count: 500).utf8)
    try await store.finish(record)
    log.compare(record, try await readBack(store, id: record.id), "large and binary")
  }

  /// Executions found by a term of their trigger bundle, an operation's input or output, in any
  /// case, a phone number with or without its `+`, every term required; not by other text.
  private func searchFindsTerms(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    var phone = Self.sampleRecord(id: "phone", status: .success, startedAt: Self.epoch)
    phone.triggerBundle = Data(#"{"customer":{"phone_number":"+15551234567","email":"Zoë.Smith@Example.com"}}"#.utf8)
    var order = Self.sampleRecord(id: "order", status: .error, startedAt: Self.epoch.addingTimeInterval(1))
    order.operationLog[0].output = Data(#"[{"order_id":"ORD-2024-0042","note":"caf\u00e9\nready"}]"#.utf8)
    var input = Self.sampleRecord(id: "input", status: .success, startedAt: Self.epoch.addingTimeInterval(2))
    input.operationLog[1].input = Data(#"{"text":"Your parcel ORD-2024-0042 left. Reply STOP"}"#.utf8)
    var exchangeOnly = Self.sampleRecord(id: "exchange", status: .success, startedAt: Self.epoch.addingTimeInterval(3))
    exchangeOnly.operationLog[0].exchanges = Data(#"[{"requestBody":"needle-in-exchange"}]"#.utf8)
    let big = (0..<20_000).map { "w\($0)" }.joined(separator: " ")
    var large = Self.sampleRecord(id: "large", status: .success, startedAt: Self.epoch.addingTimeInterval(4))
    large.triggerBundle = Data(#"{"text":"\#(big) deep-in-a-large-bundle"}"#.utf8)
    var running = Self.sampleRecord(id: "running", status: .running, startedAt: Self.epoch.addingTimeInterval(5))
    running.triggerBundle = phone.triggerBundle
    running.operationLog = []
    running.error = nil
    for record in [phone, order, input, exchangeOnly, large] { try await store.finish(record) }
    try await store.begin(running)
    func found(_ text: String, _ query: HistoryQuery = HistoryQuery()) async throws -> [String] {
      var query = query
      query.text = text
      return try await store.executions(matching: query).map(\.id)
    }
    let expectations: [(String, [String])] = [
      ("+15551234567", ["phone"]),
      ("15551234567", ["phone"]),
      ("zoë.smith@example.com", ["phone"]),
      ("ord-2024-0042", ["input", "order"]),
      ("ORD-2024-0042 stop", ["input"]),
      ("café", ["order"]),
      ("ready", ["order"]),
      ("deep-in-a-large-bundle", ["large"]),
      ("w19999", ["large"]),
      ("needle-in-exchange", []),
      ("1555123456", []),
      ("order", []),
      ("  ,; ", []),
    ]
    for (text, expected) in expectations {
      let ids = try await found(text)
      log.expect(ids == expected, "search '\(text)': expected \(expected), got \(ids)")
    }
    let filtered = try await found("ORD-2024-0042", HistoryQuery(status: .error))
    log.expect(filtered == ["order"], "search with a status: \(filtered)")
    let limited = try await found("ORD-2024-0042", HistoryQuery(limit: 1))
    log.expect(limited == ["input"], "search with a limit, newest first: \(limited)")
  }

  /// Finishing an execution again indexes what it holds now, not what it held; pruned executions
  /// are not found; an id reused after pruning is found only by its new terms.
  private func searchFollowsReplacement(_ store: any HistoryStore, _ log: inout MismatchLog) async throws {
    var record = Self.sampleRecord(id: "again", status: .incomplete)
    record.triggerBundle = Data(#"{"before":"first-term"}"#.utf8)
    try await store.finish(record)
    record.status = .success
    record.triggerBundle = Data(#"{"after":"second-term"}"#.utf8)
    try await store.finish(record)
    func found(_ text: String) async throws -> [String] {
      try await store.executions(matching: HistoryQuery(text: text)).map(\.id)
    }
    log.expect(try await found("first-term") == [], "a replaced bundle's term still finds it")
    log.expect(try await found("second-term") == ["again"], "the new bundle's term does not find it")
    var old = Self.sampleRecord(id: "old", status: .success, startedAt: Self.epoch.addingTimeInterval(-86_400 * 40))
    old.triggerBundle = Data(#"{"k":"pruned-term"}"#.utf8)
    try await store.finish(old)
    log.expect(try await found("pruned-term") == ["old"], "not found before pruning")
    _ = try await store.prune(olderThan: Self.epoch.addingTimeInterval(-86_400), keepExecutions: nil)
    log.expect(try await found("pruned-term") == [], "found after pruning")
    var reused = old
    reused.startedAt = Self.epoch
    reused.triggerBundle = Data(#"{"k":"fresh-term"}"#.utf8)
    try await store.finish(reused)
    log.expect(try await found("pruned-term") == [], "a pruned execution's term finds its reused id")
    log.expect(try await found("fresh-term") == ["old"], "the reused id is not found by its new term")
    _ = try await store.prune(olderThan: nil, keepExecutions: 0)
    log.expect(try await found("second-term") == [], "found after pruning by count")
  }

  /// Records as the previous format kept them (JSON as text) read back identical once migrated,
  /// next to records written now.
  private func readsOlderRecords(_ log: inout MismatchLog) async throws {
    guard let upgrade else {
      log.expect(false, "no way to write records in the earlier format was given")
      return
    }
    var incomplete = Self.sampleRecord(id: "older-incomplete", status: .incomplete)
    incomplete.retry = RetrySchedule(
      attempts: 2, limit: 5, intervalMilliseconds: 60_000, nextAttemptAt: Date(timeIntervalSince1970: 1_764_000_090))
    var empty = Self.sampleRecord(id: "older-empty", status: .warning, operations: 2)
    empty.triggerBundle = Data()
    empty.operationLog[0].input = Data()
    empty.operationLog[1].exchanges = nil
    var replay = Self.sampleRecord(id: "older-replay", status: .success)
    replay.isReplay = true
    let bare = ExecutionRecord(
      id: "older-bare", scenarioName: "Bare", scenarioFile: "", contentHash: "", trigger: "",
      status: .interrupted, startedAt: Self.epoch)
    let records = [Self.sampleRecord(id: "older-error"), incomplete, empty, replay, bare]
    let failures = MismatchBox()
    try await upgrade(records) { store in
      var log = MismatchLog()
      for record in records { log.compare(record, try await store.execution(id: record.id), "older \(record.id)") }
      let listed = try await store.executions(matching: HistoryQuery(limit: 10, includesReplays: true))
      log.expect(Set(listed.map(\.id)) == Set(records.map(\.id)), "older records listed: \(listed.map(\.id))")
      // A record written now beside them.
      let now = Self.sampleRecord(id: "newer")
      try await store.finish(now)
      log.compare(now, try await store.execution(id: now.id), "newer beside older")
      failures.add(log.mismatches)
    }
    log.mismatches += failures.mismatches
  }

  private func readBack(_ store: any HistoryStore, id: String) async throws -> ExecutionRecord? {
    let reader = try await reopen?(store) ?? store
    return try await reader.execution(id: id)
  }
}

/// Collects mismatches with enough context to fix them.
private struct MismatchLog {
  var mismatches: [String] = []

  mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { mismatches.append(message()) }
  }

  /// Field by field; dates must agree to the millisecond, durations to the microsecond.
  mutating func compare(_ expected: ExecutionRecord, _ actual: ExecutionRecord?, _ label: String) {
    guard let actual else {
      mismatches.append("\(label): execution '\(expected.id)' not found")
      return
    }
    func check<T: Equatable>(_ name: String, _ a: T, _ b: T) {
      if a != b { mismatches.append("\(label): \(name) expected \(a), got \(b)") }
    }
    func checkDate(_ name: String, _ a: Date?, _ b: Date?) {
      switch (a, b) {
      case (nil, nil): break
      case (let a?, let b?) where abs(a.timeIntervalSince(b)) < 0.001: break
      default:
        mismatches.append(
          "\(label): \(name) expected \(String(describing: a?.timeIntervalSince1970)), "
            + "got \(String(describing: b?.timeIntervalSince1970))")
      }
    }
    check("id", expected.id, actual.id)
    check("scenarioName", expected.scenarioName, actual.scenarioName)
    check("scenarioFile", expected.scenarioFile, actual.scenarioFile)
    check("contentHash", expected.contentHash, actual.contentHash)
    check("trigger", expected.trigger, actual.trigger)
    check("status", expected.status, actual.status)
    checkDate("startedAt", expected.startedAt, actual.startedAt)
    checkDate("finishedAt", expected.finishedAt, actual.finishedAt)
    check("operations", expected.operations, actual.operations)
    check("dataSize", expected.dataSize, actual.dataSize)
    check("error", expected.error, actual.error)
    check("triggerBundle", expected.triggerBundle, actual.triggerBundle)
    check("parentID", expected.parentID, actual.parentID)
    check("resumeState", expected.resumeState, actual.resumeState)
    check("isReplay", expected.isReplay, actual.isReplay)
    check("retry", expected.retry, actual.retry)
    check("operationLog.count", expected.operationLog.count, actual.operationLog.count)
    for (a, b) in zip(expected.operationLog, actual.operationLog) {
      let name = "operation \(a.sequence)"
      check("\(name) sequence", a.sequence, b.sequence)
      check("\(name) moduleID", a.moduleID, b.moduleID)
      check("\(name) moduleName", a.moduleName, b.moduleName)
      check("\(name) input", a.input, b.input)
      check("\(name) output", a.output, b.output)
      check("\(name) error", a.error, b.error)
      check("\(name) isFiltered", a.isFiltered, b.isFiltered)
      check("\(name) exchanges", a.exchanges, b.exchanges)
      let difference = a.duration - b.duration
      if difference < .zero || difference >= .microseconds(1) {
        mismatches.append("\(label): \(name) duration expected \(a.duration), got \(b.duration)")
      }
    }
  }
}

/// Mismatches found inside an ``HistoryStoreConformance/Upgrade`` body, which is `@Sendable`.
private final class MismatchBox: Sendable {
  private let found = Mutex<[String]>([])
  var mismatches: [String] { found.withLock { $0 } }
  func add(_ mismatches: [String]) { found.withLock { $0 += mismatches } }
}
