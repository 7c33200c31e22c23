import Emulator
import Engine
import Expressions
import Foundation
import History
import SonarAPI
import SonarflowTesting
import Testing

/// Faults injected into the emulator in the middle of a run: retried where safe, stored as
/// incomplete where not, never sent twice.
@Suite struct FaultToleranceTests {
  private func fault(_ harness: EmulatorHarness, _ pairs: [(String, JSONValue)]) async {
    _ = await harness.emulator.control("/faults", body: JSONObject(pairs))
  }

  @Test func unavailableSonarIsRetriedAndTheMessageGoesOutOnce() async throws {
    try await EmulatorHarness.withHarness { harness in
      await fault(harness, [("status", .int(503)), ("count", .int(2)), ("path", .string("/api/v1/messages"))])
      let (scenario, bundles) = try EmulatorHarness.example("welcome-new-customer")
      let result = await harness.engine.run(scenario, triggerBundles: bundles)
      #expect(result.status == .success)
      #expect(await harness.messages(to: "+13105551234").count == 1)
    }
  }

  @Test func aSendWhoseOutcomeIsUnknownIsNotRepeatedAndIsKeptToResume() async throws {
    try await EmulatorHarness.withHarness { harness in
      // Sonar handles the send, then the connection drops before the answer.
      await fault(
        harness,
        [("drop", .bool(true)), ("phase", .string("after")), ("count", .int(1)), ("path", .string("/api/v1/messages"))])
      let (scenario, bundles) = try EmulatorHarness.example("welcome-new-customer")
      let result = await harness.engine.run(scenario, triggerBundles: bundles)
      #expect(result.status == .warning, "storeIncomplete is on in the example")
      #expect(result.incomplete.first?.moduleID == 3)
      #expect(result.incomplete.first?.error.type == .connectionError)
      #expect(await harness.messages(to: "+13105551234").count == 1, "no blind retry of a send")
    }
  }

  @Test func serverErrorsStopAScenarioWithoutIncompleteExecutions() async throws {
    try await EmulatorHarness.withHarness { harness in
      await fault(harness, [("status", .int(500)), ("count", .int(1)), ("path", .string("/api/v1/campaigns"))])
      let (scenario, bundles) = try EmulatorHarness.example("vip-tag-campaign")
      let result = await harness.engine.run(scenario, triggerBundles: bundles)
      #expect(result.status == .error)
      #expect(result.error?.type == .connectionError)
      #expect(result.errorModuleID == 2)
      #expect(await harness.messages(to: "+13105551234").isEmpty)
    }
  }

  @Test func rateLimitsAreWaitedOut() async throws {
    try await EmulatorHarness.withHarness { harness in
      await fault(harness, [("status", .int(429)), ("retry_after", .int(0)), ("count", .int(2))])
      let (scenario, bundles) = try EmulatorHarness.example("tag-removed-cleanup")
      let result = await harness.engine.run(scenario, triggerBundles: bundles)
      #expect(result.status == .success)
      #expect(await harness.customer("+13105551234")?.value(at: [.key("properties"), .key("follow_up_due")]) == .null)
    }
  }

  @Test func slowSonarHitsTheModuleTimeout() async throws {
    try await EmulatorHarness.withHarness(moduleTimeout: .milliseconds(200)) { harness in
      await fault(harness, [("latency_ms", .int(2000)), ("count", .int(1)), ("path", .string("/api/v1/campaigns"))])
      let (scenario, bundles) = try EmulatorHarness.example("vip-tag-campaign")
      let result = await harness.engine.run(scenario, triggerBundles: bundles)
      #expect(result.status == .error)
      #expect(result.error?.type == .moduleTimeoutError)
    }
  }
}
