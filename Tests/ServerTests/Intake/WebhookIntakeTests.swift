import Basics
import Emulator
import Foundation
import History
import Logging
import SonarAPI
import SonarflowTesting
import Testing

/// `sonarflow serve` as a process: custom webhooks, error answers, de-duplication, metrics.
@Suite(.serialized) struct WebhookIntakeTests {
  private static let scenario = """
    name: Custom hook
    trigger:
      module: webhook.custom
      params: { webhookName: orders }
    flow:
      - id: 2
        module: util.setVariable
        map: { name: order, value: "{{1.order_id}}" }
    """

  @Test func customWebhookRunsItsScenarioAndRecordsIt() async throws {
    let harness = try ServeHarness()
    try harness.write("orders.yaml", Self.scenario)
    let serve = try await harness.start()
    let answer = try await serve.post(try await serve.hook("orders"), body: #"{"order_id": "A-17"}"#)
    #expect(answer.status == 200)
    let id = try #require(
      (try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?["id"] as? String)
    let form = try await serve.post(
      try await serve.hook("orders"), body: "order_id=B-2&note=two+words",
      contentType: "application/x-www-form-urlencoded")
    #expect(form.status == 200)
    let executions = try await harness.waitForExecutions(scenario: "Custom hook") { $0.count == 2 }
    #expect(executions.count == 2)
    let first = try #require(executions.first { $0.id == id })
    #expect(first.status == .success)
    #expect((first.triggerJSON as? [String: Any])?["order_id"] as? String == "A-17")
    let orders = executions.compactMap { ($0.triggerJSON as? [String: Any])?["order_id"] as? String }.sorted()
    #expect(orders == ["A-17", "B-2"])
    #expect(await serve.stop() == 0)
  }

  @Test func unknownOversizedAndMalformedRequestsAreRejected() async throws {
    let harness = try ServeHarness()
    try harness.write("orders.yaml", Self.scenario)
    let serve = try await harness.start()
    let unknown = try await serve.post("/hooks/nobody", body: "{}")
    #expect(unknown.status == 404)
    #expect(unknown.body.contains("no scenario listens at /hooks/nobody"))
    let big = try await serve.post(
      try await serve.hook("orders"), body: #"{"x":""# + String(repeating: "a", count: 1_100_000) + #""}"#)
    #expect(big.status == 413)
    #expect(big.body.contains("larger than the limit"))
    let malformed = try await serve.post(try await serve.hook("orders"), body: #"{"order_id": "#)
    #expect(malformed.status == 400)
    #expect(malformed.body.contains("not valid JSON"))
    let scalar = try await serve.post(try await serve.hook("orders"), body: "42")
    #expect(scalar.status == 400)
    // A number no double holds is refused, never stored as something other than what was sent.
    let huge = try await serve.post(try await serve.hook("orders"), body: #"{"order_id": "huge", "amount": 1e999999}"#)
    #expect(huge.status == 400)
    #expect(huge.body.contains("outside the range of a double"))
    // A valid delivery after them: once it has run, anything the rejected ones had queued would
    // have run before it (deliveries are taken oldest first).
    #expect(try await serve.post(try await serve.hook("orders"), body: #"{"order_id": "marker"}"#).status == 200)
    let executions = try await harness.waitForExecutions(includingRunning: true) { records in
      records.contains { $0.status == .success } && records.allSatisfy { $0.status != .running }
    }
    #expect(executions.map { ($0.triggerJSON as? [String: Any])?["order_id"] as? String } == ["marker"])
    #expect(await serve.stop() == 0)
  }

  @Test func aRetriedDeliveryWithTheSameUUIDRunsOnce() async throws {
    let harness = try ServeHarness()
    try harness.write("orders.yaml", Self.scenario)
    let serve = try await harness.start()
    let body = #"{"uuid": "eacec4d6-fd66-4553-99dd-9b928ac95a18", "order_id": "C-1"}"#
    let first = try await serve.post(try await serve.hook("orders"), body: body)
    let retry = try await serve.post(try await serve.hook("orders"), body: body)
    #expect(first.status == 200 && retry.status == 200)
    #expect(retry.body.contains("duplicate"))
    // A different uuid is a different delivery even with the same fields.
    let other = try await serve.post(try await serve.hook("orders"), body: #"{"uuid": "other", "order_id": "C-1"}"#)
    #expect(other.status == 200 && !other.body.contains("duplicate"))
    // A third delivery after them: once all three have run, a stored duplicate would have run too
    // (deliveries are taken oldest first).
    #expect(
      try await serve.post(try await serve.hook("orders"), body: #"{"uuid": "marker", "order_id": "C-2"}"#).status
        == 200)
    let executions = try await harness.waitForExecutions(includingRunning: true) { records in
      records.count >= 3 && records.allSatisfy { $0.status != .running }
    }
    let orders = executions.compactMap { ($0.triggerJSON as? [String: Any])?["order_id"] as? String }.sorted()
    #expect(orders == ["C-1", "C-1", "C-2"])
    #expect(executions.allSatisfy { $0.status == .success })
    #expect(await serve.stop() == 0)
  }

  @Test func metricsExposeSonarflowSeries() async throws {
    let harness = try ServeHarness()
    try harness.write("orders.yaml", Self.scenario)
    let serve = try await harness.start()
    _ = try await serve.post(try await serve.hook("orders"), body: #"{"order_id": "M-1"}"#)
    _ = try await serve.post("/hooks/nobody", body: "{}")
    _ = try await harness.waitForExecutions { $0.count == 1 }
    let metrics = try await serve.get("/metrics")
    #expect(metrics.status == 200)
    #expect(metrics.body.contains(#"sonarflow_executions_total{scenario="Custom hook",status="success"} 1"#))
    #expect(metrics.body.contains(#"sonarflow_webhooks_total{hook="orders",outcome="accepted"} 1"#))
    #expect(metrics.body.contains(#"outcome="unknown_hook""#))
    #expect(metrics.body.contains("sonarflow_queue_depth"))
    #expect(metrics.body.contains("sonarflow_module_duration_seconds_bucket"))
    #expect(metrics.body.contains("sonarflow_operations_total"))
    #expect(try await serve.get("/healthz").status == 200)
    #expect(await serve.stop() == 0)
  }

  @Test func clashingWebhookNamesAreAStartupError() async throws {
    let harness = try ServeHarness()
    try harness.write("a.yaml", Self.scenario)
    try harness.write("b.yaml", Self.scenario.replacingOccurrences(of: "Custom hook", with: "Other hook"))
    let result = try await CommandRunner().run([
      "serve", harness.scenarios.path, "--port", "0", "--db", harness.database,
    ])
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("webhookName 'orders' is already used by"))
  }

  @Test func anInvalidScenarioIsReportedAndNotStarted() async throws {
    let harness = try ServeHarness()
    try harness.write("orders.yaml", Self.scenario)
    try harness.write("broken.yaml", "name: Broken\ntrigger:\n  module: webhook.nope\nflow: []\n")
    let serve = try await harness.start()
    #expect(serve.process.printed.contains("broken.yaml is invalid and is not started"))
    #expect(try await serve.post(try await serve.hook("orders"), body: "{}").status == 200)
    #expect(await serve.stop() == 0)
  }

  /// A Sonar call that failed with 503 and was retried shows in the Sonar series.
  @Test func sonarRetriesAreCounted() async throws {
    var logger = Logger(label: "emulator")
    logger.logLevel = .critical
    let token = "serve-test-token-abcdefghijklmnop"
    let emulator = try await SonarEmulator(configuration: .init(token: token, logger: logger)).start()
    _ = await emulator.control("/faults", body: JSONObject([("status", .int(503)), ("count", .int(1))]))
    let harness = try ServeHarness()
    try harness.write(
      "text.yaml",
      """
      name: Text
      trigger:
        module: webhook.custom
        params: { webhookName: text }
      flow:
        - id: 2
          module: sonar.sendMessage
          map: { phoneNumber: "{{1.phone}}", text: "Hello" }
      """)
    let serve = try await harness.start(
      arguments: ["--sonar-url", emulator.baseURL], environment: ["SONAR_TOKEN": token])
    _ = try await serve.post(try await serve.hook("text"), body: #"{"phone": "+13105551234"}"#)
    let executions = try await harness.waitForExecutions { $0.count == 1 }
    #expect(executions.map(\.status) == [.success])
    let metrics = try await serve.get("/metrics")
    #expect(metrics.body.contains(#"sonarflow_sonar_retries_total{reason="server_error"} 1"#))
    #expect(await serve.stop() == 0)
    await emulator.stop()
  }
}
