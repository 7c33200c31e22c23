import Foundation
import History
import SonarflowTesting
import Testing

/// serve logs one line for each execution that does not succeed, at `error` for an error and at
/// `warning` for a warning, and nothing for a success.
@Suite(.serialized) struct ExecutionOutcomeLogTests {
  /// A hook whose module doubles `n`: a text that is not a number fails the mapping (DataError).
  private static func scenario(_ name: String, hook: String, settings: String) -> String {
    """
    name: \(name)
    settings: \(settings)
    trigger: { module: webhook.custom, params: { webhookName: \(hook) } }
    flow:
      - { id: 2, module: util.setVariable, map: { name: twice, value: "{{1.n * 2}}" } }
    """
  }

  private static func id(_ answer: RunningServe.Answer) throws -> String {
    let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
    return try #require(object?["id"] as? String)
  }

  @Test func executionsThatDoNotSucceedAreLoggedOnceWithTheirError() async throws {
    let harness = try ServeHarness()
    try harness.write("orders.yaml", Self.scenario("Orders", hook: "orders", settings: "{}"))
    try harness.write("secret.yaml", Self.scenario("Secret orders", hook: "secret", settings: "{ confidential: true }"))
    try harness.write("kept.yaml", Self.scenario("Kept orders", hook: "kept", settings: "{ storeIncomplete: true }"))
    let serve = try await harness.start()

    let succeeded = try Self.id(try await serve.post(try await serve.hook("orders"), body: #"{"n": 1}"#))
    _ = try await harness.waitForExecutions { $0.contains { $0.id == succeeded } }
    // Webhook data that tries to forge a line and send terminal escapes.
    let failed = try Self.id(
      try await serve.post(try await serve.hook("orders"), body: #"{"n": "x\u001b[2J\r2024 error FORGED\u0007"}"#))
    let confidential = try Self.id(
      try await serve.post(try await serve.hook("secret"), body: #"{"n": "sensitive-value"}"#))
    let kept = try Self.id(try await serve.post(try await serve.hook("kept"), body: #"{"n": "y"}"#))
    // Each line is written before its execution is recorded, and the success was recorded before
    // the others were sent: once their lines are read, a line for the success would be too.
    for id in [failed, confidential, kept] { _ = try await serve.process.waitForOutput(matching: "execution=\(id)") }
    #expect(await serve.stop() == 0)

    let log = serve.process.printed
    let all = log.split(whereSeparator: \.isNewline).filter { $0.contains("execution=") }
    // Both scenarios that ended in error have an instant trigger: each is deactivated too.
    let deactivations = all.filter { $0.contains("deactivated a scenario after consecutive errors") }
    #expect(deactivations.count == 2, "\(log)")
    let lines = all.filter { !$0.contains("deactivated a scenario after consecutive errors") }
    #expect(lines.count == 3, "\(log)")
    #expect(!log.contains(succeeded))
    #expect(!log.contains("\u{1B}") && !log.contains("\u{07}"))
    #expect(!log.contains("sensitive-value"))

    let orders = harness.scenarios.appendingPathComponent("orders.yaml").path
    let failure = try #require(lines.first { $0.contains("execution=\(failed)") })
    #expect(failure.contains(" error "))
    #expect(failure.hasSuffix("execution failed"))
    for field in [
      "scenario=Orders", "status=error", "module=2", "moduleName=util.setVariable", "errorType=DataError",
      "location=\(orders):5:70",
      #"error=cannot apply '*' to text 'x\u{1B}[2J\u{D}2024 error FORGED\u{7}' and number '2' in '{{1.n * 2}}' at \#(orders):5:70"#,
    ] {
      #expect(failure.contains(field), "\(field) in \(failure)")
    }

    let secret = try #require(lines.first { $0.contains("execution=\(confidential)") })
    #expect(secret.hasSuffix("execution failed"))
    for field in ["scenario=Secret orders", "module=2", "moduleName=util.setVariable", "errorType=DataError"] {
      #expect(secret.contains(field), "\(field) in \(secret)")
    }
    #expect(!secret.contains("error="))

    let warning = try #require(lines.first { $0.contains("execution=\(kept)") })
    #expect(warning.contains(" warning "))
    #expect(warning.hasSuffix("execution ended with a warning"))
    let keptFile = harness.scenarios.appendingPathComponent("kept.yaml").path
    for field in [
      "scenario=Kept orders", "status=warning", "module=2", "moduleName=util.setVariable", "errorType=DataError",
      "location=\(keptFile):5:5",
    ] {
      #expect(warning.contains(field), "\(field) in \(warning)")
    }
  }
}
