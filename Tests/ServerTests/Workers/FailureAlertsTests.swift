import Foundation
import History
import SonarflowTesting
import Testing

/// Error scenarios: a scenario triggered by `sonarflow.watchFailedExecutions` runs when a watched
/// scenario's execution fails, with the failed execution as its bundle.
@Suite(.serialized) struct FailureAlertsTests {
  @Test(.timeLimit(.minutes(2))) func anErrorScenarioRunsWhenAWatchedExecutionFails() async throws {
    let harness = try ServeHarness()
    try harness.write(
      "orders.yaml",
      """
      name: Orders
      trigger: { module: webhook.custom, params: { webhookName: orders } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: double, value: "{{1.n * 2}}" } }
      """)
    try harness.write(
      "alerts.yaml",
      """
      name: Alerts
      trigger: { module: sonarflow.watchFailedExecutions, params: { scenarios: [Orders] } }
      flow:
        - id: 2
          module: util.setVariable
          map: { name: why, value: "{{1.execution.scenario}}: {{1.execution.error.type}}" }
      """)
    let serve = try await harness.start()
    #expect(try await serve.post(try await serve.hook("orders"), body: #"{"n": 1}"#).status == 200)
    #expect(try await serve.post(try await serve.hook("orders"), body: #"{"n": "not a number"}"#).status == 200)
    // The error scenario's queue is not a URL anyone can post to.
    #expect(try await serve.post("/hooks/failed:Alerts", body: "{}").status == 404)
    let records = try await harness.waitForExecutions(includingRunning: true) { records in
      records.contains { $0.scenarioName == "Alerts" } && records.allSatisfy { $0.status != .running }
    }
    let failed = try #require(records.first { $0.scenarioName == "Orders" && $0.status == .error })
    let alerts = records.filter { $0.scenarioName == "Alerts" }
    #expect(alerts.count == 1, "one alert for one failed execution, none for the successful one")
    let alert = try #require(alerts.first)
    #expect(alert.status == .success)
    let execution = try #require((alert.triggerJSON as? [String: Any])?["execution"] as? [String: Any])
    #expect(execution["id"] as? String == failed.id)
    #expect(execution["scenario"] as? String == "Orders")
    #expect(execution["status"] as? String == "error")
    let error = try #require(execution["error"] as? [String: Any])
    #expect(error["type"] as? String == "DataError")
    #expect(error["module"] as? Int == 2)
    #expect((error["location"] as? String)?.contains("orders.yaml:4:") == true, "\(error)")
    #expect(await serve.stop() == 0)
  }
}
