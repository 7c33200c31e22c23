import Foundation
import History
import SonarflowTesting
import Testing

/// Signals: SIGTERM finishes in-flight executions before exiting; SIGHUP reloads the scenarios.
@Suite(.serialized) struct LifecycleTests {
  static func hook(_ name: String, seconds: Int = 0) -> String {
    let step =
      seconds > 0
      ? "module: util.sleep\n    map: { delay: \(seconds) }"
      : "module: util.setVariable\n    map: { name: x, value: y }"
    return """
      name: Hook \(name)
      trigger:
        module: webhook.custom
        params: { webhookName: \(name) }
      flow:
        - id: 2
          \(step)
      """
  }

  @Test func sigtermFinishesInFlightExecutionsThenExits() async throws {
    let harness = try ServeHarness()
    try harness.write("slow.yaml", Self.hook("slow", seconds: 2))
    let serve = try await harness.start()
    #expect(try await serve.post(try await serve.hook("slow"), body: #"{"n": 1}"#).status == 200)
    try await Task.sleep(for: .milliseconds(300))
    #expect(await serve.stop() == 0)
    // It waited for the sleeping execution rather than dropping it: the execution finished.
    let executions = try await harness.executions()
    #expect(executions.count == 1)
    #expect(executions.first?.status == .success)
    #expect(serve.process.printed.contains("stopped"))
  }

  @Test func sighupReloadsTheScenarioFiles() async throws {
    let harness = try ServeHarness()
    try harness.write("first.yaml", Self.hook("first"))
    let serve = try await harness.start()
    #expect(try await serve.post(try await serve.hook("second"), body: "{}").status == 404)
    try harness.write("second.yaml", Self.hook("second"))
    try harness.remove("first.yaml")
    serve.process.send(SIGHUP)
    _ = try await serve.process.waitForOutput(matching: "reloaded scenarios")
    #expect(try await serve.post(try await serve.hook("second"), body: "{}").status == 200)
    #expect(try await serve.post(try await serve.hook("first"), body: "{}").status == 404)
    let executions = try await harness.waitForExecutions { $0.count == 1 }
    #expect(executions.map(\.scenarioName) == ["Hook second"])
    #expect(await serve.stop() == 0)
  }
}
