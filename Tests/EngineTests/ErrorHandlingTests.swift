import Engine
import Expressions
import Foundation
import History
import ScenarioModel
import Testing

/// Make's error handling: directives, defaults, incomplete executions, timeouts, resume.
@Suite struct ErrorHandlingTests {
  /// Module 2 fails for bundles with `fail: true`; module 3 records what reaches it.
  private func scenario(onError: String = "", storeIncomplete: Bool = false) -> String {
    """
    name: t
    settings: { storeIncomplete: \(storeIncomplete) }
    trigger: { module: webhook.custom, params: { webhookName: t } }
    flow:
      - id: 2
        module: http.request
        map: { url: "https://example.com", body: { fail: "{{1.fail}}", n: "{{1.n}}" } }
    \(onError)
      - { id: 3, module: util.setVariable, map: { name: after, value: "{{2.body.n}}" } }
    """
  }

  private let bundles: [Value] = [["n": 1, "fail": false], ["n": 2, "fail": true], ["n": 3, "fail": false]]

  private func reached(_ result: ExecutionResult) -> [Value] {
    result.events.filter { $0.moduleID == 3 }.compactMap { $0.outputs?.first?.value(at: [.key("after")]) }
  }

  @Test func withoutAHandlerTheExecutionFails() async throws {
    let result = try await run(scenario(), bundles: bundles, runners: ScriptedRunner.runners())
    #expect(result.status == .error)
    #expect(result.error?.type == .connectionError)
    #expect(result.errorModuleID == 2)
    #expect(reached(result) == [1], "the run stops at the failing bundle")
  }

  @Test func withIncompleteExecutionsTheBundleIsKeptAndTheRunGoesOn() async throws {
    let result = try await run(scenario(storeIncomplete: true), bundles: bundles, runners: ScriptedRunner.runners())
    #expect(result.status == .warning)
    #expect(reached(result) == [1, 3])
    #expect(result.incomplete.count == 1)
    #expect(result.incomplete.first?.moduleID == 2)
    #expect(result.incomplete.first?.resumeState.outputs[1] == ["n": 2, "fail": true])
  }

  @Test func runtimeErrorsAreNotStoredEvenWithIncompleteExecutions() async throws {
    let runner = ScriptedRunner(error: ModuleError(.runtimeError, "boom"))
    let result = try await run(
      scenario(storeIncomplete: true), bundles: bundles, runners: ScriptedRunner.runners(runner))
    #expect(result.status == .error)
  }

  @Test func ignoreDropsTheBundleAndSucceeds() async throws {
    let result = try await run(
      scenario(onError: "    onError: { then: ignore }"), bundles: bundles, runners: ScriptedRunner.runners())
    #expect(result.status == .success)
    #expect(reached(result) == [1, 3])
  }

  @Test func resumeContinuesWithTheSubstituteOutput() async throws {
    let result = try await run(
      scenario(onError: "    onError: { then: resume, output: { body: { n: substitute } } }"), bundles: bundles,
      runners: ScriptedRunner.runners())
    #expect(result.status == .success)
    #expect(reached(result) == [1, "substitute", 3])
  }

  @Test func commitStopsTheRunSuccessfully() async throws {
    let result = try await run(
      scenario(onError: "    onError: { then: commit }"), bundles: bundles, runners: ScriptedRunner.runners())
    #expect(result.status == .success)
    #expect(reached(result) == [1])
  }

  @Test func rollbackStopsTheRunWithAnError() async throws {
    let result = try await run(
      scenario(onError: "    onError: { then: rollback }"), bundles: bundles, runners: ScriptedRunner.runners())
    #expect(result.status == .error)
    #expect(reached(result) == [1])
  }

  @Test func breakKeepsTheBundleWithItsRetryScheduleAndGoesOn() async throws {
    let yaml = scenario(onError: "    onError: { then: break, retry: { attempts: 5, interval: 2m } }")
    let result = try await run(yaml, bundles: bundles, runners: ScriptedRunner.runners())
    #expect(result.status == .warning)
    #expect(reached(result) == [1, 3])
    #expect(result.incomplete.map(\.moduleID) == [2])
    let record = try #require(result.records(for: try compile(yaml)).incomplete.first)
    let retry = try #require(record.retry)
    #expect(retry.attempts == 0 && retry.limit == 5 && retry.intervalMilliseconds == 120_000)
    #expect(retry.nextAttemptAt == result.finishedAt.addingTimeInterval(120))
  }

  @Test func breakWithoutRetryUsesMakesDefaults() async throws {
    let yaml = scenario(onError: "    onError: { then: break }")
    let result = try await run(yaml, bundles: bundles, runners: ScriptedRunner.runners())
    let retry = try #require(result.records(for: try compile(yaml)).incomplete.first?.retry)
    #expect(retry.limit == 3 && retry.intervalMilliseconds == 900_000)
  }

  /// Make reruns incomplete executions stopped by connection, rate-limit and timeout errors on its
  /// backoff schedule; other errors wait to be resumed by hand.
  @Test(arguments: [
    (ModuleError(.connectionError, "down"), true), (ModuleError(.rateLimitError, "slow down"), true),
    (ModuleError(.dataError, "bad phone"), false),
  ])
  func storedWithoutAHandlerARetriableErrorFollowsMakesBackoff(error: ModuleError, isRetried: Bool) async throws {
    let yaml = scenario(storeIncomplete: true)
    let result = try await run(yaml, bundles: bundles, runners: ScriptedRunner.runners(ScriptedRunner(error: error)))
    let record = try #require(result.records(for: try compile(yaml)).incomplete.first)
    if isRetried {
      #expect(record.retry?.limit == 8 && record.retry?.intervalMilliseconds == nil)
      #expect(record.retry?.nextAttemptAt == result.finishedAt.addingTimeInterval(60))
    } else {
      #expect(record.retry == nil)
    }
  }

  @Test func handlerRouteModulesSeeTheError() async throws {
    let result = try await run(
      scenario(
        onError: """
              onError:
                flow:
                  - { id: 9, module: util.setVariable, map: { name: why, value: "{{2.error.type}}: {{2.error.message}}" } }
                then: ignore
          """), bundles: bundles, runners: ScriptedRunner.runners())
    #expect(output(of: 9, in: result) == ["why": "ConnectionError: the service is unavailable"])
  }

  /// The runner ignores cancellation and never answers until the test opens its gate: the
  /// operation must still fail at its deadline, not when the runner ends.
  @Test(.timeLimit(.minutes(1))) func slowModulesTimeOutEvenWhenTheyIgnoreCancellation() async throws {
    var options = Engine.Options()
    options.moduleTimeoutCap = .milliseconds(50)
    let gate = Gate()
    let result = try await run(
      scenario(), bundles: [["n": 1, "fail": false]], runners: ScriptedRunner.runners(ScriptedRunner(gate: gate)),
      options: options)
    gate.open()
    #expect(result.status == .error)
    #expect(result.error?.type == .moduleTimeoutError)
    #expect(result.error?.message == "'http.request' did not finish within 50 ms")
  }

  /// `util.sleep`'s timeout is its delay plus a margin, not Make's 40 s for modules that call out.
  @Test(.timeLimit(.minutes(2))) func aPauseLongerThanFortySecondsSucceeds() async throws {
    let result = try await run(
      """
      name: t
      trigger: { module: webhook.custom, params: { webhookName: t } }
      flow:
        - { id: 2, module: util.sleep, map: { delay: 45 } }
      """, bundles: [[:]])
    #expect(result.status == .success, "\(String(describing: result.error))")
  }

  @Test func eachModuleTimesOutAsItsDefinitionSays() throws {
    let scenario = try compile(
      """
      name: t
      trigger: { module: webhook.custom, params: { webhookName: t } }
      flow:
        - { id: 2, module: util.sleep, map: { delay: 45 } }
        - { id: 3, module: util.sleep, map: { delay: "{{1.wait}}" } }
        - { id: 4, module: http.request, params: { timeout: 120 }, map: { url: "https://example.com" } }
        - { id: 5, module: http.request, map: { url: "https://example.com" } }
        - { id: 6, module: json.parse, map: { json: "{}" } }
        - { id: 7, module: util.setVariable, map: { name: a, value: 1 } }
      """)
    let timeouts = scenario.flow.map(\.timeout)
    #expect(timeouts[0] == .fixed(.seconds(50)))
    #expect(timeouts[1] == .perOperation(name: "delay", margin: .seconds(5), fallback: .seconds(300)))
    #expect(timeouts[2] == .fixed(.seconds(125)))
    #expect(timeouts[3] == .fixed(.seconds(45)))
    #expect(timeouts[4] == .fixed(.seconds(40)))
    #expect(timeouts[5] == nil)
  }

  @Test func resumeContinuesFromTheFailedModuleWithTheFixedScenario() async throws {
    let first = try await run(scenario(storeIncomplete: true), bundles: [bundles[1]], runners: ScriptedRunner.runners())
    let state = try #require(first.incomplete.first?.resumeState)
    // The fixed scenario no longer sends `fail` through.
    let fixed = try compile(
      """
      name: t
      trigger: { module: webhook.custom, params: { webhookName: t } }
      flow:
        - id: 2
          module: http.request
          map: { url: "https://example.com", body: { n: "{{1.n}}" } }
        - { id: 3, module: util.setVariable, map: { name: after, value: "{{2.body.n}}" } }
      """)
    let engine = Engine(runners: BuiltinRunners.all.merging(ScriptedRunner.runners()))
    let resumed = await engine.resume(fixed, from: state, triggerBundle: bundles[1])
    #expect(resumed.status == .success)
    #expect(resumed.events.map(\.moduleID) == [2, 3])
    #expect(reached(resumed) == [2])
  }

  /// Resume state reads back exactly as it was written: key order (ordered dictionaries compare
  /// their order), numbers, dates, binary data, and collections that look like the tags.
  @Test func resumeStateReadsBackExactlyAsItWas() throws {
    let customer: Value = .collection([
      "zeta": "last key first", "phone_number": "+13105551234", "alpha": 1, "nested": ["z": 1, "b": 2, "a": 3],
    ])
    let state = ResumeState(
      failedModuleID: 4,
      outputs: [
        1: customer, 2: "x", 3: [0.1, 12_345_678_901, -0.0, 1e300],
        7: .collection([
          "at": .date(Date(timeIntervalSince1970: 1_796_420_570.123456)), "raw": .binary(Data([0, 255, 7])),
          "looksLikeATag": ["$date": "not a date"], "dollar": ["$binary": 5],
        ]),
      ],
      variables: ["v": true, "order": ["c": 1, "a": 2, "b": 3], "when": .date(Date(timeIntervalSince1970: 0.5))])
    let decoded = try #require(ResumeState(jsonData: state.jsonData))
    #expect(decoded == state)
    #expect(decoded.outputs[1]?.jsonText() == customer.jsonText())
  }
}
