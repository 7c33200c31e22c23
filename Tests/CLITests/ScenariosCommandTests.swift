import Foundation
import SonarflowTesting
import Testing

/// `sonarflow scenarios list|enable|disable` on a database that `serve` has run a scenario on.
@Suite struct ScenariosCommandTests {
  let sonarflow: CommandRunner
  let folder: URL
  var db: String { folder.appendingPathComponent("history.sqlite").path }

  init() throws {
    sonarflow = try CommandRunner()
    folder = try Fixture.temporaryDirectory("scenarios")
  }

  /// Runs serve on one scenario until it listens (it records the scenarios it serves), then stops it.
  private func serveOnce() async throws {
    let scenarios = folder.appendingPathComponent("flows")
    try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
    try Data(
      """
      name: Orders
      trigger: { module: webhook.custom, params: { webhookName: orders } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: seen, value: "{{1.id}}" } }
      """.utf8
    ).write(to: scenarios.appendingPathComponent("orders.yaml"))
    let serve = try LongRunningProcess(
      executable: sonarflow.executable, arguments: ["serve", scenarios.path, "--port", "0", "--db", db])
    _ = try await serve.waitForOutput(matching: "listening on http://127\\.0\\.0\\.1:([0-9]+)")
    #expect(await serve.stop() == 0)
  }

  private func listed() async throws -> [[String: Any]] {
    let result = try await sonarflow.run(["scenarios", "list", "--db", db, "--format", "json"])
    #expect(result.exitCode == 0, "\(result.standardError)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
  }

  @Test func disableAndEnableAScenarioServeRan() async throws {
    // Listing never creates the file.
    let missing = try await sonarflow.run(["scenarios", "list", "--db", db])
    #expect(missing.exitCode == 2)
    #expect(missing.standardError.contains("no history database '\(db)'"), "\(missing.standardError)")
    #expect(!FileManager.default.fileExists(atPath: db))

    try await serveOnce()
    let first = try await listed()
    #expect(first.count == 1)
    #expect(first.first?["name"] as? String == "Orders")
    #expect(first.first?["active"] as? Bool == true)
    #expect(first.first?["consecutiveErrors"] as? Int == 0)
    #expect(first.first?["deactivatedAt"] is NSNull)

    let disabled = try await sonarflow.run(["scenarios", "disable", "Orders", "--db", db])
    #expect(disabled.exitCode == 0, "\(disabled.standardError)")
    #expect(disabled.standardOutput == "Orders: disabled\n")
    let human = try await sonarflow.run(["scenarios", "list", "--db", db])
    #expect(human.exitCode == 0)
    let lines = human.standardOutput.split(separator: "\n")
    #expect(
      lines.first?.hasPrefix("SCENARIO  ACTIVE  ERRORS  DEACTIVATED (UTC)    WHY") == true, "\(human.standardOutput)")
    #expect(lines.count == 2)
    #expect(lines.last?.hasPrefix("Orders    no      0       ") == true, "\(human.standardOutput)")
    #expect(lines.last?.hasSuffix("disabled with sonarflow scenarios disable") == true, "\(human.standardOutput)")
    #expect(try await listed().first?["active"] as? Bool == false)

    let enabled = try await sonarflow.run(["scenarios", "enable", "Orders", "--db", db, "--format", "json"])
    #expect(enabled.exitCode == 0, "\(enabled.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(enabled.standardOutput.utf8)) as? [String: Any])
    #expect(object["active"] as? Bool == true)
    #expect(object["reason"] is NSNull)
    #expect(try await listed().first?["active"] as? Bool == true)
  }

  @Test(arguments: ["enable", "disable"])
  func anUnknownScenarioIsAClearError(_ action: String) async throws {
    let result = try await sonarflow.run(["scenarios", action, "Nobody", "--db", db])
    #expect(result.exitCode == 1)
    #expect(result.standardError.contains("error: no scenario 'Nobody' in \(db)"), "\(result.standardError)")
    #expect(result.standardOutput.isEmpty)
  }
}
