import Foundation
import SonarflowTesting
import Testing

/// `sonarflow serve` options that are wrong are refused before anything starts (exit 2).
@Suite struct ServeCommandTests {
  let sonarflow: CommandRunner

  init() throws {
    sonarflow = try CommandRunner()
  }

  @Test(arguments: [
    (["--heartbeat", "0"], "--heartbeat must be a number of seconds above 0, such as 10 (got 0.0)"),
    (["--heartbeat=-3"], "--heartbeat must be a number of seconds above 0, such as 10 (got -3.0)"),
    (
      ["--log-level", "loud"],
      "unknown --log-level 'loud'; use one of trace, debug, info, notice, warning, error, critical"
    ),
  ])
  func badOptionsAreUsageErrors(_ options: [String], _ message: String) throws {
    let folder = try Fixture.temporaryDirectory("serve-options")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try sonarflow.run(
      ["serve", folder.path, "--port", "0", "--db", folder.appendingPathComponent("h.sqlite").path] + options)
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains(message), "\(result.standardError)")
  }

  /// A second `serve` on a SQLite file that one already serves would run every delivery twice:
  /// it is refused, naming the running one, before it listens.
  @Test func aSecondServerOnTheSameSQLiteFileIsRefused() async throws {
    let folder = try Fixture.temporaryDirectory("serve-twice")
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(
      """
      name: hook
      trigger: { module: webhook.custom, params: { webhookName: hook } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: seen, value: "{{1.id}}" } }
      """.utf8
    ).write(to: folder.appendingPathComponent("hook.yaml"))
    let db = folder.appendingPathComponent("h.sqlite").path
    let first = Process()
    first.executableURL = sonarflow.executable
    first.arguments = ["serve", folder.path, "--port", "0", "--db", db, "--log-level", "error"]
    first.standardOutput = Pipe()
    first.standardError = Pipe()
    try first.run()
    defer {
      first.terminate()
      first.waitUntilExit()
    }
    let lock = db + ".serve.lock"
    for _ in 0..<200 where (try? String(contentsOfFile: lock, encoding: .utf8))?.isEmpty ?? true {
      try await Task.sleep(for: .milliseconds(50))
    }
    let second = try sonarflow.run(["serve", folder.path, "--port", "0", "--db", db])
    #expect(second.exitCode == 2)
    #expect(
      second.standardError.contains(
        "another sonarflow serve (process \(first.processIdentifier)) is already running on '\(db)'"),
      "\(second.standardError)")
    #expect(first.isRunning)
  }
}
