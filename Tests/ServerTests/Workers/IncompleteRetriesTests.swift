import Foundation
import History
import SonarflowTesting
import Testing

/// serve completes incomplete executions automatically: `break` with `retry` attempts them on its
/// interval until one succeeds or the attempts are used up.
@Suite(.serialized) struct IncompleteRetriesTests {
  @Test(.timeLimit(.minutes(2))) func anAttemptAfterTheFaultClearsCompletesTheExecution() async throws {
    let endpoint = FlakyEndpoint()
    try await endpoint.serve { url in
      let harness = try ServeHarness()
      try harness.write("retried.yaml", FlakyEndpoint.breakingScenario(url: url, attempts: 5))
      let serve = try await harness.start()
      #expect(try await serve.post(try await serve.hook("retried"), body: #"{"n": 7}"#).status == 200)
      let stopped = try await harness.waitForExecutions { $0.contains { $0.status == .incomplete } }
      let incomplete = try #require(stopped.first { $0.status == .incomplete })
      #expect(incomplete.retry?.limit == 5)
      endpoint.heal()
      let after = try await harness.waitForExecutions { records in
        records.contains { $0.id == incomplete.id && $0.status == .success }
      }
      let resolved = try #require(after.first { $0.id == incomplete.id })
      #expect(resolved.status == .success)
      #expect(resolved.resumeState == nil)
      let attempts = after.filter { $0.parentID == incomplete.id }
      // Newest first: the last attempt succeeded (one made before the fault was healed, on a
      // loaded machine, failed).
      #expect(attempts.first?.status == .success, "\(attempts.map(\.status))")
      #expect(attempts.allSatisfy { $0.status == .success || $0.status == .warning })
      #expect(resolved.error?.message == "resumed as execution \(attempts.first { $0.status == .success }?.id ?? "?")")
      #expect(endpoint.requests.withLock { $0 } == attempts.count + 1)
      #expect(await serve.stop() == 0)
    }
  }

  @Test(.timeLimit(.minutes(2))) func whenTheAttemptsAreUsedUpTheExecutionStaysIncomplete() async throws {
    let endpoint = FlakyEndpoint()
    try await endpoint.serve { url in
      let harness = try ServeHarness()
      try harness.write("retried.yaml", FlakyEndpoint.breakingScenario(url: url, attempts: 2))
      let serve = try await harness.start()
      #expect(try await serve.post(try await serve.hook("retried"), body: #"{"n": 8}"#).status == 200)
      let done = try await harness.waitForExecutions { records in
        records.contains { $0.status == .incomplete && $0.retry?.attempts == 2 }
      }
      let incomplete = try #require(done.first { $0.status == .incomplete })
      #expect(incomplete.retry?.nextAttemptAt == nil)
      #expect(incomplete.error?.type == "ConnectionError")
      let attempts = done.filter { $0.parentID == incomplete.id }
      #expect(attempts.count == 2)
      // The first execution, and the two attempts; nothing is tried once they are used up.
      #expect(endpoint.requests.withLock { $0 } == 3)
      // No second incomplete execution for the same bundle.
      #expect(done.filter { $0.status == .incomplete }.count == 1)
      #expect(await serve.stop() == 0)
    }
  }
}

/// Make's sequential processing with incomplete executions: the scenario runs nothing new until
/// they are resolved, then its queued deliveries in order.
@Suite(.serialized) struct SequentialIncompleteTests {
  @Test(.timeLimit(.minutes(2))) func aSequentialScenarioWaitsForItsIncompleteExecutions() async throws {
    let endpoint = FlakyEndpoint()
    try await endpoint.serve { url in
      let harness = try ServeHarness()
      try harness.write("sequential.yaml", FlakyEndpoint.breakingScenario(url: url, attempts: 10, isSequential: true))
      let serve = try await harness.start()
      #expect(try await serve.post(try await serve.hook("retried"), body: #"{"n": 1}"#).status == 200)
      let first = try await harness.waitForExecutions { $0.contains { $0.status == .incomplete } }
      let incomplete = try #require(first.first { $0.status == .incomplete })
      #expect(try await serve.post(try await serve.hook("retried"), body: #"{"n": 2}"#).status == 200)
      #expect(try await serve.post(try await serve.hook("retried"), body: #"{"n": 3}"#).status == 200)
      // Two automatic attempts come and go (a second apart) while 2 and 3 wait.
      let waiting = try await harness.waitForExecutions { records in
        records.filter { $0.parentID == incomplete.id }.count >= 2
      }
      let numbers = { (records: [ExecutionRecord]) in
        records.filter { $0.parentID == nil }.compactMap { ($0.triggerJSON as? [String: Any])?["n"] as? Int }
      }
      #expect(numbers(waiting) == [1], "ran while an incomplete execution was unresolved: \(numbers(waiting))")
      endpoint.heal()
      let done = try await harness.waitForExecutions { records in
        numbers(records).count == 3 && records.allSatisfy { $0.status != .incomplete }
      }
      let ran = done.filter { $0.parentID == nil }.sorted { $0.startedAt < $1.startedAt }
      #expect(numbers(ran) == [1, 2, 3])
      #expect(ran.dropFirst().allSatisfy { $0.status == .success })
      #expect(await serve.stop() == 0)
    }
  }
}
