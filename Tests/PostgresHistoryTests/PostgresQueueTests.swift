import Foundation
import History
import Logging
import PostgresHistory
import PostgresNIO
import SonarflowTesting
import Synchronization
import Testing

/// serve's shared queue on PostgreSQL: de-duplication, claims and leases between runners, takeover,
/// exactly-once records, poll state, and leader election. Two stores with different runner ids
/// stand for two runners.
@Suite(
  .enabled(
    if: TestServer.isEnabled,
    "SONARFLOW_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (scripts/postgres.sh start prints it)"
  ))
struct PostgresQueueTests {
  private func delivery(_ id: String, key: String) -> QueuedDelivery {
    QueuedDelivery(id: id, hook: "orders", dedupeKey: key, body: #"{"n":1}"#, receivedAt: Date())
  }

  /// Runs `body` with two runners' stores on a fresh schema; leases last 3 × `heartbeat` (the
  /// second runner's 3 × `secondHeartbeat`, by default the same).
  private func withRunners(
    heartbeat: Duration = .seconds(10), secondHeartbeat: Duration? = nil,
    _ body: (PostgresHistory, PostgresHistory) async throws -> Void
  ) async throws {
    try await withRunners(heartbeat: heartbeat, secondHeartbeat: secondHeartbeat) { a, b, _ in try await body(a, b) }
  }

  /// ``withRunners(heartbeat:secondHeartbeat:_:)`` that also passes the configuration, for a
  /// connection of the test's own.
  private func withRunners(
    heartbeat: Duration = .seconds(10), secondHeartbeat: Duration? = nil,
    firstLogger: Logger = PostgresHistory.silentLogger,
    _ body: (PostgresHistory, PostgresHistory, PostgresHistory.Configuration) async throws -> Void
  ) async throws {
    try await TestServer.withFreshSchema { configuration in
      let first = PostgresHistory(
        configuration: configuration, logger: firstLogger, runnerID: "runner-a", heartbeatInterval: heartbeat)
      let second = PostgresHistory(
        configuration: configuration, runnerID: "runner-b", heartbeatInterval: secondHeartbeat ?? heartbeat)
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await first.run() }
        group.addTask { try await second.run() }
        defer { group.cancelAll() }
        try await first.migrate()
        try await second.migrate()
        try await body(first, second, configuration)
      }
    }
  }

  @Test func aRetriedDeliveryIsStoredOnceAcrossRunners() async throws {
    try await withRunners { a, b throws in
      #expect(try await a.enqueue(delivery("d1", key: "uuid:1")))
      #expect(try await b.enqueue(delivery("d2", key: "uuid:1")) == false)
      #expect(try await b.enqueue(delivery("d3", key: "uuid:2")))
      #expect(try await a.pendingDeliveryCount() == 2)
    }
  }

  @Test func concurrentRetriesAreStoredOnce() async throws {
    try await withRunners { a, b throws in
      // Group commit puts many of them in one multi-row INSERT: still exactly one is new.
      let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
        for n in 0..<40 {
          let store = n.isMultiple(of: 2) ? a : b
          let copy = delivery("d\(n)", key: "uuid:same")
          group.addTask { try await store.enqueue(copy) }
        }
        return try await group.reduce(into: 0) { count, isNew in count += isNew ? 1 : 0 }
      }
      #expect(stored == 1)
      #expect(try await a.pendingDeliveryCount() == 1)
    }
  }

  @Test func aRunnerDoesNotClaimWhatAnotherHolds() async throws {
    try await withRunners { a, b in
      for n in 1...3 { _ = try await a.enqueue(delivery("a\(n)", key: "k\(n)")) }
      _ = try await b.enqueue(delivery("b1", key: "k4"))
      #expect(try await b.claimPendingDeliveries(limit: 10, hooks: ["orders"], holding: []).map(\.id) == ["b1"])
      #expect(
        try await a.claimPendingDeliveries(limit: 10, hooks: ["orders"], holding: []).map(\.id) == ["a1", "a2", "a3"])
      #expect(try await b.claimExpiredDeliveries(limit: 10, hooks: ["orders"]).isEmpty)
    }
  }

  @Test func anExpiredLeaseIsTakenOverOnce() async throws {
    // a's leases last 300 ms, b's 30 s: nothing expires again while the checks run.
    try await withRunners(heartbeat: .milliseconds(100), secondHeartbeat: .seconds(10)) { a, b in
      _ = try await a.enqueue(delivery("d1", key: "k1"))
      // No renewal: after the lease (300 ms) the delivery is free for another runner.
      try await Task.sleep(for: .milliseconds(600))
      #expect(try await b.claimExpiredDeliveries(limit: 10, hooks: ["orders"]).map(\.id) == ["d1"])
      #expect(try await a.claimExpiredDeliveries(limit: 10, hooks: ["orders"]).isEmpty)
      #expect(try await a.renewLeases() == 0)
      #expect(try await b.renewLeases() == 1)
    }
  }

  @Test func aRunnerTakesOverOnlyHooksItServes() async throws {
    try await withRunners(heartbeat: .milliseconds(100)) { a, b in
      _ = try await a.enqueue(delivery("d1", key: "k1"))
      try await Task.sleep(for: .milliseconds(600))
      // b's scenario files lack the hook (a rolling deploy): it leaves the delivery to a runner that has it.
      #expect(try await b.claimExpiredDeliveries(limit: 10, hooks: ["invoices"]).isEmpty)
      #expect(try await b.claimPendingDeliveries(limit: 10, hooks: ["invoices"], holding: []).isEmpty)
      #expect(try await b.claimPendingDeliveries(limit: 10, hooks: ["orders"], holding: []).map(\.id) == ["d1"])
    }
  }

  /// Rows a runner holds are locked for a moment by its own heartbeat and group commit: a refill
  /// still reads them (a short read would tell the stage the database holds nothing more), while
  /// free rows locked by another runner's claim are skipped, not waited for.
  @Test func aRefillReadsHeldDeliveriesThatAnotherTransactionLocks() async throws {
    try await withRunners { a, b, configuration in
      for n in 1...3 { _ = try await a.enqueue(delivery("a\(n)", key: "k\(n)")) }
      _ = try await b.enqueue(delivery("b1", key: "k4"))
      #expect(try await b.releaseClaims() == 1)
      let table = "\"\(configuration.schema)\".webhook_queue"
      try await TestServer.admin(configuration) { client in
        try await client.withTransaction(logger: Logger(label: "test")) { connection in
          try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT id FROM \(table) FOR UPDATE"), logger: Logger(label: "test"))
          #expect(
            try await a.claimPendingDeliveries(limit: 10, hooks: ["orders"], holding: []).map(\.id) == [
              "a1", "a2", "a3",
            ])
          #expect(
            try await a.claimPendingDeliveries(limit: 2, hooks: ["orders"], holding: []).map(\.id) == ["a1", "a2"])
          #expect(try await b.claimPendingDeliveries(limit: 10, hooks: ["orders"], holding: []).isEmpty)
        }
      }
      // Unlocked, the free one is claimed, oldest first after the held ones' order.
      #expect(
        try await a.claimPendingDeliveries(limit: 10, hooks: ["orders"], holding: []).map(\.id) == [
          "a1", "a2", "a3", "b1",
        ])
      #expect(try await b.claimPendingDeliveries(limit: 10, hooks: ["orders"], holding: []).isEmpty)
    }
  }

  @Test func aRenewedLeaseIsKept() async throws {
    // Leases of 6 s: a's has expired when it renews it (nobody took it meanwhile), and the renewal
    // holds for the next statement, however loaded the machine is (short of a 6 s stall).
    try await withRunners(heartbeat: .seconds(2)) { a, b in
      _ = try await a.enqueue(delivery("d1", key: "k1"))
      try await Task.sleep(for: .milliseconds(6_500))
      #expect(try await a.renewLeases() == 1)
      #expect(try await b.claimExpiredDeliveries(limit: 10, hooks: ["orders"]).isEmpty)
    }
  }

  @Test func releasedClaimsAreClaimedAtOnce() async throws {
    try await withRunners { a, b in
      _ = try await a.enqueue(delivery("d1", key: "k1"))
      _ = try await a.enqueue(delivery("d2", key: "k2"))
      try await a.finish(HistoryStoreConformance.sampleRecord(id: "d1"), completingDelivery: "d1")
      #expect(try await a.releaseClaims() == 1)
      #expect(try await b.claimExpiredDeliveries(limit: 10, hooks: ["orders"]).map(\.id) == ["d2"])
    }
  }

  /// A deactivated scenario's deliveries are claimed by no runner: released ones stay free, and
  /// the runner holding one does not read it back, until the hook is no longer held.
  @Test func heldHooksAreClaimedByNoRunner() async throws {
    try await withRunners { a, b in
      _ = try await a.enqueue(delivery("d1", key: "k1"))
      _ = try await a.enqueue(delivery("d2", key: "k2"))
      #expect(try await a.releaseClaims() == 2)
      _ = try await a.enqueue(delivery("d3", key: "k3"))
      #expect(try await b.claimPendingDeliveries(limit: 10, hooks: ["orders"], holding: ["orders"]).isEmpty)
      #expect(try await a.claimPendingDeliveries(limit: 10, hooks: ["orders"], holding: ["orders"]).isEmpty)
      #expect(
        try await b.claimPendingDeliveries(limit: 10, hooks: ["orders"], holding: []).map(\.id) == ["d1", "d2"])
      #expect(try await a.claimPendingDeliveries(limit: 10, hooks: ["orders"], holding: []).map(\.id) == ["d3"])
    }
  }

  @Test func aDeliveryRunByTwoRunnersHasOneExecution() async throws {
    try await withRunners(heartbeat: .milliseconds(100)) { a, b in
      _ = try await a.enqueue(delivery("d1", key: "k1"))
      try await Task.sleep(for: .milliseconds(600))
      #expect(try await b.claimExpiredDeliveries(limit: 10, hooks: ["orders"]).map(\.id) == ["d1"])
      // Both finish it (the first was only slow, not dead): the second record replaces the first.
      try await b.finish(HistoryStoreConformance.sampleRecord(id: "d1"), completingDelivery: "d1")
      try await a.finish(HistoryStoreConformance.sampleRecord(id: "d1"), completingDelivery: "d1")
      #expect(try await a.executions(matching: HistoryQuery(limit: 100)).map(\.id) == ["d1"])
      #expect(try await a.pendingDeliveryCount() == 0)
      #expect(try await b.claimPendingDeliveries(limit: 10, hooks: ["orders"], holding: []).isEmpty)
    }
  }

  /// Two runners asking for due attempts at the same moment never get the same one: each
  /// incomplete execution is attempted by exactly one runner.
  @Test func twoRunnersNeverClaimTheSameDueAttempt() async throws {
    try await withRunners { a, b in
      let now = Date()
      let records = (0..<40).map { n -> ExecutionRecord in
        var record = HistoryStoreConformance.sampleRecord(id: "i\(n)", status: .incomplete)
        record.resumeState = Data(#"{"failedModuleID":2}"#.utf8)
        record.retry = RetrySchedule(
          attempts: 0, limit: 3, intervalMilliseconds: 1_000, nextAttemptAt: now.addingTimeInterval(-1))
        return record
      }
      try await a.finish(all: records)
      async let fromA = Self.claimAll(a, now: now)
      async let fromB = Self.claimAll(b, now: now)
      let (claimedByA, claimedByB) = try await (fromA, fromB)
      #expect(
        Set(claimedByA).isDisjoint(with: claimedByB), "claimed by both: \(Set(claimedByA).intersection(claimedByB))")
      #expect(Set(claimedByA).union(claimedByB) == Set(records.map(\.id)))
    }
  }

  /// Claims due attempts three at a time until none is left.
  private static func claimAll(_ store: PostgresHistory, now: Date) async throws -> [String] {
    var claimed: [String] = []
    while true {
      let batch = try await store.claimDueRetries(scenarios: ["Welcome"], now: now, lease: .seconds(60), limit: 3)
      if batch.isEmpty { return claimed }
      claimed += batch.map(\.id)
    }
  }

  @Test func discardedAndPrunedDeliveries() async throws {
    try await withRunners { a, _ in
      _ = try await a.enqueue(delivery("d1", key: "k1"))
      try await a.discardDelivery(id: "d1")
      #expect(try await a.pendingDeliveryCount() == 0)
      #expect(try await a.enqueue(delivery("d2", key: "k1")) == false)
      #expect(try await a.pruneDeliveries(doneBefore: Date().addingTimeInterval(60)) == 1)
      #expect(try await a.enqueue(delivery("d3", key: "k1")))
    }
  }

  @Test func pollStateIsSavedWithItsExecution() async throws {
    try await withRunners { a, b in
      #expect(try await a.pollState(key: "feed") == nil)
      let state = PollState(key: "feed", seenIDs: ["1", "2"], updatedAt: Date(timeIntervalSince1970: 1_000))
      try await a.finish(HistoryStoreConformance.sampleRecord(id: "p"), savingPoll: state)
      #expect(try await b.pollState(key: "feed")?.seenIDs == ["1", "2"])
      #expect(try await b.execution(id: "p") != nil)
      try await b.finish(nil, savingPoll: PollState(key: "feed", seenIDs: ["1", "2", "3"], updatedAt: Date()))
      #expect(try await a.pollState(key: "feed")?.seenIDs == ["1", "2", "3"])
    }
  }

  @Test func oneLeaderAtATimeAndATakeoverWhenItGoes() async throws {
    // Heartbeats of 2 s: a check (bounded by one heartbeat) does not fail on a loaded machine.
    try await withRunners(heartbeat: .seconds(2)) { a, b in
      let election = Election()
      let first = Task { await election.campaign(a) }
      try await waitUntil { election.leaders == ["runner-a"] }
      let second = Task { await election.campaign(b) }
      try await waitUntil { election.followers.contains("runner-b") }
      #expect(election.leaders == ["runner-a"])
      // The leader goes away: its session closes, and the other runner leads.
      first.cancel()
      await first.value
      try await waitUntil { election.leaders == ["runner-a", "runner-b"] }
      second.cancel()
      await second.value
      #expect(election.leaders == ["runner-a", "runner-b"])
      // Each leader its own term, numbered in order.
      #expect(election.terms == [1, 2])
    }
  }

  /// A poll commit from a leader whose session was cut off, reaching the database after another
  /// runner became the leader, records its execution but leaves the new term's cursor alone.
  @Test func aPollCommitFromAnEndedTermDoesNotMoveTheCursor() async throws {
    // Heartbeats of 10 s: a does not notice within the test that it lost its session (if a
    // loaded machine makes it notice, it stops saving cursors at once: the same outcome).
    let log = LogCapture()
    try await withRunners(firstLogger: log.logger) { a, b, configuration in
      let election = Election()
      let first = Task { await election.campaign(a) }
      try await waitUntil { election.leaders == ["runner-a"] }
      try await a.finish(nil, savingPoll: PollState(key: "feed", seenIDs: ["1"], updatedAt: Date()))
      #expect(try await a.pollState(key: "feed")?.seenIDs == ["1"])

      // The server ends a's leadership session (as when its network is cut and keepalive gives up).
      #expect(try await endLeaderSession(of: a, configuration) == 1)
      let second = Task { await election.campaign(b) }
      try await waitUntil { election.leaders == ["runner-a", "runner-b"] }

      // a's late commit: the execution is recorded, the cursor stays.
      try await a.finish(
        HistoryStoreConformance.sampleRecord(id: "late"),
        savingPoll: PollState(key: "feed", seenIDs: ["1", "2"], updatedAt: Date()))
      #expect(try await a.execution(id: "late") != nil)
      #expect(try await b.pollState(key: "feed")?.seenIDs == ["1"])
      #expect(log.warnings.contains("a polling cursor from a leadership term that has ended was not saved"))
      // The leader of the new term moves it.
      try await b.finish(nil, savingPoll: PollState(key: "feed", seenIDs: ["1", "3"], updatedAt: Date()))
      #expect(try await b.pollState(key: "feed")?.seenIDs == ["1", "3"])

      first.cancel()
      second.cancel()
      await first.value
      await second.value
    }
  }

  /// A leader whose session the server ends notices at its next check and stops leading, and
  /// another runner leads.
  @Test func aLeaderWhoseSessionTheServerEndsStepsDown() async throws {
    try await withRunners(heartbeat: .seconds(1)) { a, b, configuration in
      let election = Election()
      let first = Task { await election.campaign(a) }
      try await waitUntil { election.leaders == ["runner-a"] }
      let second = Task { await election.campaign(b) }
      try await waitUntil { election.followers.contains("runner-b") }
      #expect(try await endLeaderSession(of: a, configuration) == 1)
      try await waitUntil { election.steppedDown == ["runner-a"] }
      try await waitUntil { election.leaders == ["runner-a", "runner-b"] }
      first.cancel()
      second.cancel()
      await first.value
      await second.value
    }
  }

  /// A confidential delivery's body is emptied in the transaction that records its execution;
  /// another delivery's body stays until the de-duplication window ends. (The old row version
  /// stays in the table's files until VACUUM: docs/security.md.)
  @Test func aConfidentialDeliveryBodyIsErasedWhenItsExecutionIsRecorded() async throws {
    try await withRunners { a, _, configuration in
      let marker = "marker-\(UUID().uuidString)"
      for id in ["secret", "open"] {
        let body = #"{"text":"\#(marker)"}"#
        #expect(
          try await a.enqueue(QueuedDelivery(id: id, hook: id, dedupeKey: "uuid:\(id)", body: body, receivedAt: Date()))
        )
      }
      try await a.finish(
        HistoryStoreConformance.sampleRecord(id: "secret"), incomplete: [], completingDelivery: "secret",
        erasingBody: true)
      try await a.finish(HistoryStoreConformance.sampleRecord(id: "open"), completingDelivery: "open")
      let rows = try await TestServer.admin(configuration) { client in
        let rows = try await client.query(
          "SELECT id, body, done FROM \(unescaped: "\"\(configuration.schema)\"").webhook_queue ORDER BY id")
        var found: [String: (String, Int16)] = [:]
        for try await (id, body, done) in rows.decode((String, String, Int16).self) { found[id] = (body, done) }
        return found
      }
      #expect(rows["secret"]?.0 == "")
      #expect(rows["secret"]?.1 == 1)
      // Every delivery's body is dropped once its execution holds the trigger bundle.
      #expect(rows["open"]?.0 == "")
      #expect(rows["open"]?.1 == 1)
    }
  }

  /// Ends, from another session, the session holding `store`'s leader lock; returns how many
  /// sessions were ended.
  private func endLeaderSession(
    of store: PostgresHistory, _ configuration: PostgresHistory.Configuration
  ) async throws -> Int {
    let key = UInt64(bitPattern: store.leaderLockKey)
    return try await TestServer.admin(configuration) { client in
      let ended = try await client.query(
        """
        SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1
          AND classid::bigint = \(Int64(key >> 32)) AND objid::bigint = \(Int64(key & 0xffff_ffff))
        """)
      var count = 0
      for try await _ in ended { count += 1 }
      return count
    }
  }

  /// Who led, in order, and who found another leader.
  final class Election: Sendable {
    private let led = Mutex<[String]>([])
    private let followed = Mutex<Set<String>>([])
    private let stepped = Mutex<[String]>([])
    private let numbers = Mutex<[Int64]>([])
    /// The term of each leader in ``leaders``.
    var terms: [Int64] { numbers.withLock { $0 } }
    var leaders: [String] { led.withLock { $0 } }
    var followers: Set<String> { followed.withLock { $0 } }
    /// Who stopped leading, in order.
    var steppedDown: [String] { stepped.withLock { $0 } }

    /// Campaigns with `store` until cancelled, leading until cancelled.
    func campaign(_ store: PostgresHistory) async {
      let id = store.runnerID
      _ = try? await store.lead(
        onFollowing: { _ = self.followed.withLock { $0.insert(id) } },
        whileLeading: { term in
          self.led.withLock { $0.append(id) }
          self.numbers.withLock { $0.append(term) }
          while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(50)) }
          self.stepped.withLock { $0.append(id) }
        })
    }
  }

  /// Waits (up to 30 s, generous for a loaded machine) until `condition` holds.
  private func waitUntil(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now.advanced(by: .seconds(30))
    while !condition() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    try #require(condition())
  }
}

/// Collects the warnings (and worse) logged to ``logger``, for tests of what a store reports.
final class LogCapture: Sendable {
  private let messages = Mutex<[String]>([])

  var warnings: [String] { messages.withLock { $0 } }

  var logger: Logger { Logger(label: "capture") { _ in Handler(capture: self) } }

  private struct Handler: LogHandler {
    let capture: LogCapture
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }

    func log(
      level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
      function: String, line: UInt
    ) {
      guard level >= .warning else { return }
      capture.messages.withLock { $0.append(message.description) }
    }
  }
}
