import Foundation
import SonarflowTesting
import Testing

/// `sonarflow emulator` as scripts start it.
@Suite struct EmulatorCommandTests {
  /// A script reading the address through a pipe gets it as soon as the port is bound, not when
  /// the process ends.
  @Test func theAddressIsPrintedAtOnceThroughAPipe() async throws {
    let sonarflow = try CommandRunner()
    let emulator = try LongRunningProcess(executable: sonarflow.executable, arguments: ["emulator", "--port", "0"])
    let line = try await emulator.waitForOutput(
      matching: "Sonar emulator listening on http://127\\.0\\.0\\.1:[0-9]+/api/v1", timeout: .seconds(60))
    #expect(line.hasPrefix("Sonar emulator listening on"))
    #expect(emulator.printed.contains("(control API: http://127.0.0.1:"))
    #expect(await emulator.stop() == 0)
  }
}
