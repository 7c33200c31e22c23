import Foundation
package import History

/// The behaviour every ``ServeStore`` must have (serve's webhook queue and polling state), checked
/// against a real store: SQLite and PostgreSQL run the same checks. Multi-runner behaviour (leases,
/// takeover, leader election) is PostgreSQL's alone and tested there.
package struct ServeStoreConformance: Sendable {
  package enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
    case storesADuplicateKeyOnce
    case concurrentRetriesAreStoredOnce
    case listsPendingOldestFirst
    case finishRecordsAndCompletesTogether
    case finishRecordsIncompleteExecutionsWithTheDelivery
    case claimsDueRetriesOnceForALease
    case discardCompletesWithoutAnExecution
    case savesPollStateWithItsExecution
    case leavesHeldHooksPending
    case deactivatesAfterConsecutiveErrorsAndEnables
    case countsConcurrentOutcomesOneAfterAnother
    case createsWebhookSecretsOnceAndRotates
    case concurrentSecretCreationAgrees
    case probesWrites
    case resumesIncompleteExecutionsByHand
    case deletesOnlyIncompleteExecutions
    case countsExecutionsByStatusSince

    package var description: String { rawValue }
  }

  /// What a check found wrong.
  package struct Failure: Error, CustomStringConvertible {
    package var check: Check
    package var mismatches: [String]
    package var description: String { "\(check): " + mismatches.joined(separator: "; ") }
  }

  /// A fresh, empty store.
  package var makeStore: @Sendable () async throws -> any ServeStore

  package init(makeStore: @escaping @Sendable () async throws -> any ServeStore) {
    self.makeStore = makeStore
  }

  package func run(_ check: Check) async throws {
    let store = try await makeStore()
    var mismatches: [String] = []
    func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
      if !condition { mismatches.append(message()) }
    }
    let hooks: Set<String> = ["orders"]
    switch check {
    case .storesADuplicateKeyOnce:
      expect(try await store.enqueue(Self.delivery("a", key: "uuid:1")), "the first delivery was not stored")
      expect(try await !store.enqueue(Self.delivery("b", key: "uuid:1")), "a repeated key was stored again")
      expect(try await store.enqueue(Self.delivery("c", key: "uuid:2")), "another key was not stored")
      let count = try await store.pendingDeliveryCount()
      expect(count == 2, "pending count \(count), expected 2")

    case .concurrentRetriesAreStoredOnce:
      let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
        for n in 0..<32 {
          group.addTask { try await store.enqueue(Self.delivery("d\(n)", key: "uuid:same")) }
        }
        return try await group.reduce(into: 0) { count, isNew in count += isNew ? 1 : 0 }
      }
      expect(stored == 1, "\(stored) of 32 concurrent deliveries with one key were stored")

    case .listsPendingOldestFirst:
      let start = Date()
      for n in 0..<5 {
        _ = try await store.enqueue(
          Self.delivery("p\(n)", key: "k\(n)", at: start.addingTimeInterval(Double(n))))
      }
      let ids = try await store.claimPendingDeliveries(limit: 3, hooks: hooks, holding: []).map(\.id)
      expect(ids == ["p0", "p1", "p2"], "the first page is \(ids)")
      let all = try await store.claimPendingDeliveries(limit: 10, hooks: hooks, holding: [])
      expect(all.map(\.id) == (0..<5).map { "p\($0)" }, "all pending are \(all.map(\.id))")
      expect(all.first?.body == #"{"n":1}"#, "the body came back as \(all.first?.body ?? "nil")")

    case .finishRecordsAndCompletesTogether:
      _ = try await store.enqueue(Self.delivery("a", key: "k1"))
      _ = try await store.enqueue(Self.delivery("b", key: "k2"))
      try await store.finish(HistoryStoreConformance.sampleRecord(id: "a"), completingDelivery: "a")
      let pending = try await store.claimPendingDeliveries(limit: 10, hooks: hooks, holding: []).map(\.id)
      expect(pending == ["b"], "pending after finishing 'a': \(pending)")
      expect(try await store.execution(id: "a") != nil, "the execution of 'a' was not recorded")
      // Finishing again (a re-run after a takeover) replaces the record: still one.
      try await store.finish(HistoryStoreConformance.sampleRecord(id: "a"), completingDelivery: "a")
      let records = try await store.executions(matching: HistoryQuery(limit: 100)).map(\.id)
      expect(records == ["a"], "executions after finishing 'a' twice: \(records)")
      expect(try await !store.enqueue(Self.delivery("a2", key: "k1")), "a done delivery's key was accepted again")
      let pruned = try await store.pruneDeliveries(doneBefore: Date().addingTimeInterval(60))
      expect(pruned == 1, "pruned \(pruned) done deliveries, expected 1")
      expect(try await store.enqueue(Self.delivery("a3", key: "k1")), "a pruned key was not accepted again")

    case .finishRecordsIncompleteExecutionsWithTheDelivery:
      _ = try await store.enqueue(Self.delivery("a", key: "k1"))
      var incomplete = HistoryStoreConformance.sampleRecord(id: "a-stopped")
      incomplete.status = .incomplete
      incomplete.parentID = "a"
      incomplete.resumeState = Data(#"{"failedModuleID":2}"#.utf8)
      try await store.finish(
        HistoryStoreConformance.sampleRecord(id: "a"), incomplete: [incomplete], completingDelivery: "a")
      let pending = try await store.claimPendingDeliveries(limit: 10, hooks: hooks, holding: []).map(\.id)
      expect(pending.isEmpty, "pending after finishing 'a': \(pending)")
      let stored = try await store.execution(id: "a-stopped")
      expect(stored?.status == .incomplete, "the incomplete execution is \(String(describing: stored?.status))")
      expect(stored?.parentID == "a", "the incomplete execution's parent is \(String(describing: stored?.parentID))")
      expect(stored?.resumeState == incomplete.resumeState, "the resume state did not come back")

    case .claimsDueRetriesOnceForALease:
      let now = Date(timeIntervalSince1970: 1_800_000_000)
      func incomplete(_ id: String, scenario: String = "Welcome", next: Date?) -> ExecutionRecord {
        var record = HistoryStoreConformance.sampleRecord(id: id, scenario: scenario, status: .incomplete)
        record.resumeState = Data(#"{"failedModuleID":2}"#.utf8)
        record.retry = RetrySchedule(attempts: 1, limit: 3, intervalMilliseconds: 60_000, nextAttemptAt: next)
        return record
      }
      try await store.finish(
        all: [
          incomplete("due", next: now.addingTimeInterval(-1)), incomplete("later", next: now.addingTimeInterval(3_600)),
          incomplete("used-up", next: nil),
          incomplete("elsewhere", scenario: "Other", next: now.addingTimeInterval(-5)),
        ])
      let claimed = try await store.claimDueRetries(scenarios: ["Welcome"], now: now, lease: .seconds(60), limit: 10)
      expect(claimed.map(\.id) == ["due"], "claimed \(claimed.map(\.id))")
      expect(
        claimed.first?.retry?.attempts == 1, "the claimed retry schedule is \(String(describing: claimed.first?.retry))"
      )
      expect(claimed.first?.resumeState == Data(#"{"failedModuleID":2}"#.utf8), "the resume state did not come back")
      let again = try await store.claimDueRetries(scenarios: ["Welcome"], now: now, lease: .seconds(60), limit: 10)
      expect(again.isEmpty, "a held attempt was claimed again: \(again.map(\.id))")
      let afterLease = try await store.claimDueRetries(
        scenarios: ["Welcome"], now: now.addingTimeInterval(61), lease: .seconds(60), limit: 10)
      expect(afterLease.map(\.id) == ["due"], "after the lease ran out: \(afterLease.map(\.id))")
      var resolved = incomplete("due", next: nil)
      resolved.status = .success
      resolved.retry = nil
      var attempt = HistoryStoreConformance.sampleRecord(id: "attempt", status: .success)
      attempt.parentID = "due"
      try await store.finish(all: [attempt, resolved])
      expect(try await store.execution(id: "attempt")?.parentID == "due", "the attempt was not recorded")
      expect(try await store.execution(id: "due")?.status == .success, "the incomplete execution was not resolved")
      let none = try await store.claimDueRetries(
        scenarios: ["Welcome", "Other"], now: now.addingTimeInterval(10_000), lease: .seconds(60), limit: 10)
      expect(none.map(\.id) == ["elsewhere", "later"], "due at the end: \(none.map(\.id))")

    case .discardCompletesWithoutAnExecution:
      _ = try await store.enqueue(Self.delivery("a", key: "k1"))
      try await store.discardDelivery(id: "a")
      let count = try await store.pendingDeliveryCount()
      expect(count == 0, "pending count \(count) after discarding")
      expect(try await store.execution(id: "a") == nil, "discarding recorded an execution")
      expect(try await !store.enqueue(Self.delivery("b", key: "k1")), "a discarded delivery's key was accepted again")
      // Its window ends like a done one's.
      let pruned = try await store.pruneDeliveries(doneBefore: Date().addingTimeInterval(60))
      expect(pruned == 1, "pruned \(pruned) discarded deliveries, expected 1")
      expect(try await store.enqueue(Self.delivery("c", key: "k1")), "a pruned discarded key was not accepted again")

    case .savesPollStateWithItsExecution:
      expect(try await store.pollState(key: "feed") == nil, "a poll state before the first poll")
      let state = PollState(key: "feed", seenIDs: ["1", "2"], updatedAt: Date(timeIntervalSince1970: 1_000))
      try await store.finish(HistoryStoreConformance.sampleRecord(id: "p"), savingPoll: state)
      let saved = try await store.pollState(key: "feed")?.seenIDs
      expect(saved == ["1", "2"], "saved seen ids \(saved ?? [])")
      expect(try await store.execution(id: "p") != nil, "the poll's execution was not recorded")
      try await store.finish(nil, savingPoll: PollState(key: "feed", seenIDs: ["1", "2", "3"], updatedAt: Date()))
      let updated = try await store.pollState(key: "feed")?.seenIDs
      expect(updated == ["1", "2", "3"], "updated seen ids \(updated ?? [])")

    case .leavesHeldHooksPending:
      let start = Date()
      for (n, hook) in ["orders", "invoices", "orders"].enumerated() {
        _ = try await store.enqueue(
          QueuedDelivery(
            id: "\(hook)\(n)", hook: hook, dedupeKey: "k\(n)", body: "{}",
            receivedAt: start.addingTimeInterval(Double(n))
          ))
      }
      let served: Set<String> = ["orders", "invoices"]
      let held = try await store.claimPendingDeliveries(limit: 10, hooks: served, holding: ["orders"]).map(\.id)
      expect(held == ["invoices1"], "with 'orders' held, the claim read \(held)")
      let all = try await store.claimPendingDeliveries(limit: 10, hooks: served, holding: []).map(\.id)
      expect(all == ["orders0", "invoices1", "orders2"], "with nothing held, the claim read \(all)")

    case .deactivatesAfterConsecutiveErrorsAndEnables:
      try await store.registerScenarios(["Orders", "Invoices"])
      let registered = try await store.scenarioStates()
      expect(
        registered == [ScenarioState(name: "Invoices"), ScenarioState(name: "Orders")],
        "registered scenarios: \(registered)")
      let rule = DeactivationRule(maxConsecutiveErrors: 3, hasInstantTrigger: false)
      let at = Date(timeIntervalSince1970: 1_000)
      var actions: [DeactivationRule.Action] = []
      for (n, status) in [ExecutionStatus.error, .error, .success, .error, .error, .error].enumerated() {
        actions.append(
          try await store.recordOutcome(status, executionID: "e\(n)", scenario: "Orders", rule: rule, at: at).action)
      }
      expect(
        actions == [.counted, .counted, .counted, .counted, .counted, .deactivated], "the outcomes did \(actions)")
      let orders = try await store.scenarioStates().first { $0.name == "Orders" }
      expect(orders?.isActive == false, "Orders is still active after three errors in a row")
      expect(orders?.consecutiveErrors == 3, "Orders counts \(orders?.consecutiveErrors ?? -1) errors")
      expect(orders?.deactivatedAt == at, "Orders was deactivated at \(String(describing: orders?.deactivatedAt))")
      expect(orders?.deactivationReason?.contains("execution e5") == true, "the reason names no last execution")
      // Registering again keeps what is known.
      try await store.registerScenarios(["Orders"])
      expect(try await store.scenarioStates().first { $0.name == "Orders" } == orders, "registering again changed it")
      let enabled = try await store.setScenario("Orders", active: true, reason: nil, at: at)
      expect(enabled == ScenarioState(name: "Orders"), "enabled: \(String(describing: enabled))")
      expect(
        try await store.scenarioStates().first { $0.name == "Orders" } == ScenarioState(name: "Orders"),
        "enabling was not stored")
      let disabled = try await store.setScenario("Invoices", active: false, reason: nil, at: at)
      expect(disabled?.isActive == false && disabled?.deactivatedAt == at, "disabled: \(String(describing: disabled))")
      expect(
        try await store.setScenario("Nobody", active: true, reason: nil, at: at) == nil,
        "an unknown scenario was enabled")
      expect(try await store.scenarioStates().count == 2, "enabling an unknown scenario added it")

    case .countsConcurrentOutcomesOneAfterAnother:
      let rule = DeactivationRule(maxConsecutiveErrors: 5, hasInstantTrigger: false)
      let actions = try await withThrowingTaskGroup(of: DeactivationRule.Action.self) { group in
        for n in 0..<16 {
          group.addTask {
            try await store.recordOutcome(.error, executionID: "e\(n)", scenario: "Busy", rule: rule, at: Date()).action
          }
        }
        return try await group.reduce(into: [DeactivationRule.Action]()) { $0.append($1) }
      }
      let state = try await store.scenarioStates().first { $0.name == "Busy" }
      expect(state?.consecutiveErrors == 16, "16 concurrent errors counted as \(state?.consecutiveErrors ?? -1)")
      let deactivations = actions.filter { $0 == .deactivated }.count
      expect(deactivations == 1, "\(deactivations) of 16 concurrent errors deactivated the scenario")

    case .createsWebhookSecretsOnceAndRotates:
      let first = try await store.webhookSecrets(creatingFor: ["orders", "welcome"])
      expect(Set(first.keys) == ["orders", "welcome"], "created secrets for \(first.keys.sorted())")
      expect(
        first.values.allSatisfy { $0.count == WebhookSecret.length }, "secrets of the wrong length: \(first.values)")
      expect(first["orders"] != first["welcome"], "two hooks got the same secret")
      let again = try await store.webhookSecrets(creatingFor: ["orders", "other"])
      expect(again["orders"] == first["orders"], "asking again replaced the secret of 'orders'")
      expect(again.keys.sorted() == ["orders", "other"], "asked for orders and other, got \(again.keys.sorted())")
      let rotated = try await store.rotateWebhookSecret(hook: "orders")
      expect(rotated != nil && rotated != first["orders"], "rotating gave \(rotated ?? "nil")")
      let all = try await store.webhookSecrets()
      expect(all["orders"] == rotated, "the rotated secret was not stored")
      expect(all["welcome"] == first["welcome"], "rotating 'orders' changed 'welcome'")
      expect(all.count == 3, "\(all.count) secrets stored, expected 3")
      expect(try await store.rotateWebhookSecret(hook: "nobody") == nil, "an unknown hook was rotated")
      expect(try await store.webhookSecrets()["nobody"] == nil, "rotating an unknown hook created it")

    case .concurrentSecretCreationAgrees:
      let answers = try await withThrowingTaskGroup(of: [String: String].self) { group in
        for _ in 0..<16 {
          group.addTask { try await store.webhookSecrets(creatingFor: ["orders", "welcome"]) }
        }
        return try await group.reduce(into: [[String: String]]()) { $0.append($1) }
      }
      let stored = try await store.webhookSecrets()
      expect(answers.allSatisfy { $0 == stored }, "16 concurrent creations did not all get the stored secrets")

    case .probesWrites:
      try await store.probeWrite()
      try await store.probeWrite()

    case .resumesIncompleteExecutionsByHand:
      let now = Date(timeIntervalSince1970: 1_800_000_000)
      try await store.finish(
        all: [
          Self.incomplete("used-up", attempts: 3, next: nil), Self.incomplete("no-schedule", limit: nil),
          Self.incomplete("due", attempts: 1, next: now.addingTimeInterval(-1)),
          Self.incomplete("later", attempts: 1, next: now.addingTimeInterval(3_600)),
          HistoryStoreConformance.sampleRecord(id: "done", status: .success),
        ])
      let held = try await store.claimDueRetries(scenarios: ["Welcome"], now: now, lease: .seconds(60), limit: 10)
      expect(held.map(\.id) == ["due"], "claimed before the request: \(held.map(\.id))")
      let asked = now.addingTimeInterval(1)
      let requested = try await store.requestResume(
        ids: ["used-up", "no-schedule", "later", "due", "done", "unknown"], at: asked)
      expect(requested == 3, "\(requested) resumes asked for, expected 3 (not the held one, not the success)")
      let usedUp = try await store.execution(id: "used-up")
      expect(
        usedUp?.resumeRequestedAt.map { abs($0.timeIntervalSince(asked)) < 0.001 } == true,
        "the request's time came back as \(String(describing: usedUp?.resumeRequestedAt))")
      expect(usedUp?.retry?.attempts == 3, "a request changed the attempts: \(String(describing: usedUp?.retry))")
      expect(try await store.execution(id: "done")?.resumeRequestedAt == nil, "a success was asked to resume")
      expect(try await store.execution(id: "due")?.resumeRequestedAt == nil, "a held execution was asked to resume")
      let claimed = try await store.claimDueRetries(
        scenarios: ["Welcome"], now: asked, lease: .seconds(60), limit: 10)
      expect(
        Set(claimed.map(\.id)) == ["used-up", "no-schedule", "later"],
        "claimed after the requests: \(claimed.map(\.id))")
      expect(claimed.allSatisfy { $0.resumeRequestedAt != nil }, "a claimed request lost its time")
      let again = try await store.claimDueRetries(scenarios: ["Welcome"], now: asked, lease: .seconds(60), limit: 10)
      expect(again.isEmpty, "a held request was claimed again: \(again.map(\.id))")
      let refused = try await store.requestResume(ids: ["used-up"], at: asked)
      expect(refused == 0, "a resume was asked for while its attempt is held")
      // The attempt fails and records the execution: no longer held, no longer asked for.
      try await store.finish(all: [Self.incomplete("used-up", attempts: 3, next: nil)])
      let recorded = try await store.execution(id: "used-up")
      expect(recorded?.resumeRequestedAt == nil, "the request stayed after the attempt")
      let none = try await store.claimDueRetries(
        scenarios: ["Welcome"], now: asked.addingTimeInterval(1_000), lease: .seconds(60), limit: 10)
      expect(!none.contains { $0.id == "used-up" }, "an attempted request was claimed again")
      let askedAgain = try await store.requestResume(ids: ["used-up"], at: asked.addingTimeInterval(2))
      expect(askedAgain == 1, "a resume could not be asked for again after the attempt")

    case .deletesOnlyIncompleteExecutions:
      let now = Date(timeIntervalSince1970: 1_800_000_000)
      try await store.finish(
        all: [
          Self.incomplete("a", limit: nil), Self.incomplete("b", limit: nil),
          Self.incomplete("held", attempts: 0, next: now.addingTimeInterval(-1)),
          HistoryStoreConformance.sampleRecord(id: "done", status: .success),
          HistoryStoreConformance.sampleRecord(id: "failed", status: .error),
        ])
      _ = try await store.claimDueRetries(scenarios: ["Welcome"], now: now, lease: .seconds(60), limit: 10)
      let deleted = try await store.deleteIncomplete(ids: ["a", "held", "done", "failed", "unknown"], at: now)
      expect(deleted == 1, "\(deleted) deleted, expected 1")
      expect(try await store.execution(id: "a") == nil, "the incomplete execution is still there")
      for id in ["b", "held", "done", "failed"] {
        expect(try await store.execution(id: id) != nil, "'\(id)' was deleted")
      }
      let found = try await store.executions(matching: HistoryQuery(status: .incomplete, limit: 10)).map(\.id)
      expect(Set(found) == ["b", "held"], "incomplete executions listed after the delete: \(found)")

    case .countsExecutionsByStatusSince:
      let now = Date(timeIntervalSince1970: 1_800_000_000)
      var records: [ExecutionRecord] = []
      let recent: [(String, ExecutionStatus)] = [
        ("Welcome", .success), ("Welcome", .success), ("WELCOME", .success), ("Welcome", .error),
        ("Welcome", .incomplete), ("Other", .error),
      ]
      for (index, (scenario, status)) in recent.enumerated() {
        records.append(
          HistoryStoreConformance.sampleRecord(
            id: "r\(index)", scenario: scenario, status: status, startedAt: now.addingTimeInterval(-3_600)))
      }
      records.append(
        HistoryStoreConformance.sampleRecord(
          id: "old", status: .error, startedAt: now.addingTimeInterval(-2 * 86_400)))
      try await store.finish(all: records)
      let counts = try await store.executionCounts(scenario: "welcome", since: now.addingTimeInterval(-86_400))
      expect(counts == [.success: 3, .error: 1, .incomplete: 1], "counts \(counts)")
      let none = try await store.executionCounts(scenario: "Nobody", since: now.addingTimeInterval(-86_400))
      expect(none.isEmpty, "counts of an unknown scenario: \(none)")
    }
    if !mismatches.isEmpty { throw Failure(check: check, mismatches: mismatches) }
  }

  /// An incomplete execution of Welcome; `limit` nil for one without automatic attempts.
  private static func incomplete(
    _ id: String, attempts: Int = 0, limit: Int? = 3, next: Date? = nil
  ) -> ExecutionRecord {
    var record = HistoryStoreConformance.sampleRecord(id: id, status: .incomplete)
    record.resumeState = Data(#"{"failedModuleID":2}"#.utf8)
    record.retry = limit.map {
      RetrySchedule(attempts: attempts, limit: $0, intervalMilliseconds: 60_000, nextAttemptAt: next)
    }
    return record
  }

  private static func delivery(_ id: String, key: String, at date: Date = Date()) -> QueuedDelivery {
    QueuedDelivery(id: id, hook: "orders", dedupeKey: key, body: #"{"n":1}"#, receivedAt: date)
  }
}
