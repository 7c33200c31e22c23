import Foundation
import History
import SQLiteHistory
import SonarflowTesting
import Testing

/// Make's deactivation in `serve`: a webhook scenario whose execution ends in error is deactivated
/// at once; its next webhooks are accepted and stored but not run until it is enabled again, and
/// then they run in the order they arrived.
@Suite(.serialized) struct DeactivationTests {
  private static let failing = """
    name: Fails
    settings: { maxConsecutiveErrors: 5 }
    trigger: { module: webhook.custom, params: { webhookName: fails } }
    flow:
      - { id: 2, module: util.setVariable, map: { name: doubled, value: "{{1.n * 2}}" } }
    """

  private static let canary = """
    name: Canary
    trigger: { module: webhook.custom, params: { webhookName: canary } }
    flow:
      - { id: 2, module: util.setVariable, map: { name: seen, value: "{{1.n}}" } }
    """

  /// Polls `condition` until it holds or `timeout` passes; returns whether it held.
  private static func eventually(
    timeout: Duration = .seconds(30), _ condition: () async throws -> Bool
  ) async throws -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
      if try await condition() { return true }
      try await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
  }

  @Test func aWebhookScenarioIsDeactivatedAtItsFirstErrorAndRunsItsQueueOnceEnabled() async throws {
    let harness = try ServeHarness()
    try harness.write("fails.yaml", Self.failing)
    try harness.write("canary.yaml", Self.canary)
    // One worker: deliveries are taken in the order they were accepted.
    let serve = try await harness.start(arguments: ["--workers", "1"])
    let store = try SQLiteHistory(path: harness.database)

    #expect(try await serve.post(try await serve.hook("fails"), body: #"{"n": "x"}"#).status == 200)
    let deactivated = try await Self.eventually {
      try await store.scenarioStates().first { $0.name == "Fails" }?.isActive == false
    }
    #expect(deactivated, "an instant-trigger scenario was not deactivated after its first error")
    let failed = try #require(try await harness.executions(scenario: "Fails").first)
    #expect(failed.status == .error)
    let state = try #require(try await store.scenarioStates().first { $0.name == "Fails" })
    #expect(state.consecutiveErrors == 1)
    #expect(state.deactivationReason == "an error in a scenario with an instant trigger (execution \(failed.id))")
    #expect(
      try await Self.eventually {
        let printed = serve.process.printed
        return printed.contains("deactivated a scenario after consecutive errors") && printed.contains("errors=1")
          && printed.contains("execution=\(failed.id)") && printed.contains("scenario=Fails")
      }, "no warning line for the deactivation in: \(serve.process.printed)")
    #expect(
      try await Self.eventually {
        try await serve.get("/metrics").body.contains(#"sonarflow_scenario_active{scenario="Fails"} 0"#)
      })

    // Accepted and stored, but not run: the canary, posted after them, runs first.
    for n in 1...3 {
      let answer = try await serve.post(try await serve.hook("fails"), body: #"{"n": \#(n)}"#)
      #expect(answer.status == 200)
      #expect(answer.body.contains("accepted"))
    }
    #expect(try await serve.post(try await serve.hook("canary"), body: #"{"n": 0}"#).status == 200)
    let canaries = try await harness.waitForExecutions(scenario: "Canary") { $0.count == 1 }
    #expect(canaries.first?.status == .success)
    #expect(try await harness.executions(scenario: "Fails").count == 1, "a deactivated scenario's webhook ran")
    #expect(try await store.pendingDeliveryCount() == 3)

    let enabled = try await CommandRunner().run(["scenarios", "enable", "Fails", "--db", harness.database])
    #expect(enabled.exitCode == 0, "\(enabled.standardError)")
    let executions = try await harness.waitForExecutions(scenario: "Fails", timeout: .seconds(5)) { $0.count == 4 }
    #expect(executions.count == 4, "serve did not run the queued deliveries within 5 s of enabling")
    // History lists newest first (by start, then by insertion: starts may share a millisecond).
    let resumed = executions.filter { $0.status == .success }.reversed()
    let order = resumed.compactMap { ($0.triggerJSON as? [String: Any])?["n"] as? Int }
    #expect(order == [1, 2, 3])
    #expect(try await store.scenarioStates().first { $0.name == "Fails" } == ScenarioState(name: "Fails"))
    #expect(
      try await Self.eventually {
        try await serve.get("/metrics").body.contains(#"sonarflow_scenario_active{scenario="Fails"} 1"#)
      })
    #expect(await serve.stop() == 0)
  }

  /// A polling scenario is deactivated after `maxConsecutiveErrors` errors in a row and polled no
  /// more (another scenario on the same schedule keeps polling) until it is enabled again.
  @Test func aPollingScenarioIsNotPolledWhileDeactivated() async throws {
    let failing = PollingTests.Feed()
    failing.set([1])
    let canary = PollingTests.Feed()
    try await PollingTests.serving(failing) { failingURL in
      try await PollingTests.serving(canary) { canaryURL in
        let harness = try ServeHarness()
        // `name` is text ("item 1"): doubling it fails the mapping (DataError), an error.
        try harness.write(
          "fails.yaml",
          """
          name: Poll fails
          settings: { maxConsecutiveErrors: 2 }
          trigger:
            module: http.watch
            params: { url: "\(failingURL)", itemsPath: data, idPath: id, startFrom: all, limit: 10 }
            schedule: { every: 1s }
          flow:
            - { id: 2, module: util.setVariable, map: { name: twice, value: "{{1.name * 2}}" } }
          """)
        try harness.write("canary.yaml", PollingTests.scenario(name: "Poll canary", url: canaryURL, startFrom: "all"))
        let serve = try await harness.start()
        let store = try SQLiteHistory(path: harness.database)
        func state() async throws -> ScenarioState? {
          try await store.scenarioStates().first { $0.name == "Poll fails" }
        }

        #expect(try await Self.eventually { try await state()?.consecutiveErrors == 1 })
        #expect(try await state()?.isActive == true, "deactivated after one error of two")
        failing.set([1, 2])
        #expect(try await Self.eventually { try await state()?.isActive == false })
        #expect(try await state()?.consecutiveErrors == 2)

        // Item 3 waits: two later ticks of the canary (1 s apart) span a tick of its schedule.
        failing.set([1, 2, 3])
        canary.set([10])
        _ = try await harness.waitForExecutions { PollingTests.emitted($0, scenario: "Poll canary") == [10] }
        canary.set([10, 11])
        _ = try await harness.waitForExecutions { PollingTests.emitted($0, scenario: "Poll canary") == [10, 11] }
        #expect(PollingTests.emitted(try await harness.executions(), scenario: "Poll fails") == [1, 2])

        // The store call `sonarflow scenarios enable` makes.
        #expect(try await store.setScenario("Poll fails", active: true, reason: nil, at: Date())?.isActive == true)
        let executions = try await harness.waitForExecutions(timeout: .seconds(5)) {
          PollingTests.emitted($0, scenario: "Poll fails") == [1, 2, 3]
        }
        #expect(PollingTests.emitted(executions, scenario: "Poll fails") == [1, 2, 3])
        #expect(await serve.stop() == 0)
      }
    }
  }
}
