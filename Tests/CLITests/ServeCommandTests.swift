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
    (["--log-level", "loud"], "unknown --log-level 'loud'; use one of trace, debug, info, notice, warning, error, critical"),
  ])
  func badOptionsAreUsageErrors(_ options: [String], _ message: String) throws {
    let folder = try Fixture.temporaryDirectory("serve-options")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try sonarflow.run(
      ["serve", folder.path, "--port", "0", "--db", folder.appendingPathComponent("h.sqlite").path] + options)
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains(message), "\(result.standardError)")
  }
}
