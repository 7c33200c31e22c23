import Foundation
import SonarflowTesting
import Testing

/// `sonarflow console`: needs a token (exit 2 without one, never an open console), then listens
/// and stops cleanly on SIGTERM.
@Suite struct ConsoleCommandTests {
  let sonarflow: CommandRunner

  init() throws {
    sonarflow = try CommandRunner()
  }

  @Test func withoutATokenItRefusesToStart() throws {
    let folder = try Fixture.temporaryDirectory("console-no-token")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("h.sqlite").path
    let none = try sonarflow.run(
      ["console", "--db", db, "--port", "0"], environment: ["SONARFLOW_CONSOLE_TOKEN": ""])
    #expect(none.exitCode == 2)
    #expect(none.standardError.contains("error: the console needs a token"), "\(none.standardError)")
    let empty = folder.appendingPathComponent("token")
    try Data("\n".utf8).write(to: empty)
    let blank = try sonarflow.run(["console", "--db", db, "--port", "0", "--console-token-file", empty.path])
    #expect(blank.exitCode == 2)
    #expect(blank.standardError.contains("is empty"), "\(blank.standardError)")
    let missing = try sonarflow.run(
      ["console", "--db", db, "--port", "0", "--console-token-file", folder.appendingPathComponent("nope").path])
    #expect(missing.exitCode == 2)
    #expect(missing.standardError.contains("cannot read the console token file"), "\(missing.standardError)")
  }

  @Test func aTokenShortEnoughToGuessIsRefused() throws {
    let folder = try Fixture.temporaryDirectory("console-short-token")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("h.sqlite").path
    let short = try sonarflow.run(
      ["console", "--db", db, "--port", "0"], environment: ["SONARFLOW_CONSOLE_TOKEN": "admin123"])
    #expect(short.exitCode == 2)
    #expect(
      short.standardError.contains(
        "error: the console token from SONARFLOW_CONSOLE_TOKEN has 8 characters; it needs at least 16"),
      "\(short.standardError)")
    #expect(short.standardError.contains("openssl rand -hex 32"))
    #expect(!short.standardError.contains("admin123"))
  }

  @Test func withATokenItListensUntilStopped() async throws {
    let folder = try Fixture.temporaryDirectory("console-token")
    defer { try? FileManager.default.removeItem(at: folder) }
    let token = "cli-console-token-\(UUID().uuidString)"
    let console = try LongRunningProcess(
      executable: sonarflow.executable,
      arguments: ["console", "--db", folder.appendingPathComponent("h.sqlite").path, "--port", "0"],
      environment: ["SONARFLOW_CONSOLE_TOKEN": token])
    let port = try await console.waitForOutput(
      matching: "sonarflow console: listening on http://127\\.0\\.0\\.1:([0-9]+)/console/")
    #expect((Int(port) ?? 0) > 0)
    #expect(await console.stop() == 0)
    #expect(!console.printed.contains(token))
  }
}
