import Basics
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

  /// Make's most common handler: text someone the error. The handler route reads the failed
  /// module's error (validated first, as `run` and `serve` load scenarios) and sends it.
  @Test func anErrorHandlerRouteTextsTheError() async throws {
    try await EmulatorHarness.withHarness { harness in
      await fault(harness, [("status", .int(422)), ("count", .int(1)), ("path", .string("/api/v1/campaigns"))])
      let folder = try Fixture.temporaryDirectory("handler")
      defer { try? FileManager.default.removeItem(at: folder) }
      let path = folder.appendingPathComponent("handler.yaml").path
      try Data(
        """
        name: Campaign with an alert
        trigger: { module: webhook.custom, params: { webhookName: campaign } }
        flow:
          - id: 2
            module: sonar.sendCampaign
            map: { campaignId: "{{1.campaign}}", to: "{{1.phone}}" }
            onError:
              flow:
                - id: 3
                  module: sonar.sendMessage
                  map:
                    phoneNumber: "+13105551234"
                    text: "Campaign failed ({{2.error.type}}): {{2.error.message}}"
              then: ignore
        """.utf8
      ).write(to: URL(fileURLWithPath: path))
      let scenario = try ScenarioCompiler.load(path: path)
      let result = await harness.engine.run(scenario, triggerBundles: [["campaign": "c-1", "phone": "+13105555678"]])
      #expect(result.status == .success)
      let sent = await harness.messages(to: "+13105551234")
      #expect(sent.count == 1)
      let text = sent.first?.value(at: [.key("text")]).rendered ?? ""
      #expect(text.hasPrefix("Campaign failed (DataError): "), "\(text)")
      #expect(text.count > "Campaign failed (DataError): ".count)
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
