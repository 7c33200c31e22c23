import Emulator
import Foundation
import SonarAPI
import SonarflowTesting
import Testing

@Suite struct SonarEmulatorTests {
  @Test func startsOnAFreePortAndStopsCleanly() async throws {
    let first = try await SonarEmulator(configuration: .init(logger: TestSupport.quietLogger))
      .start()
    let second = try await SonarEmulator(configuration: .init(logger: TestSupport.quietLogger))
      .start()
    #expect(first.port != 0 && first.port != second.port)
    #expect(first.baseURL == "http://127.0.0.1:\(first.port)/api/v1")
    let answer = try await TestSupport.form(
      "POST", first.baseURL + "/messages", "to=%2B13105551234&text=x", token: "test-token")
    #expect(answer.status == 202)
    await first.stop()
    await second.stop()
    await #expect(throws: (any Error).self) {
      _ = try await TestSupport.send(
        "GET", first.rootURL + "/_emulator/state", timeout: .seconds(1))
    }
  }

  @Test func aTakenPortIsReported() async throws {
    let first = try await SonarEmulator(configuration: .init(logger: TestSupport.quietLogger))
      .start()
    await #expect(throws: (any Error).self) {
      let second = try await SonarEmulator(configuration: .init(logger: TestSupport.quietLogger))
        .start(port: first.port)
      await second.stop()
    }
    await first.stop()
  }

  /// `sonarflow emulator` as users run it: start the binary, poll the control API, terminate it.
  @Test func commandSmokeTest() async throws {
    let runner: CommandRunner
    do {
      runner = try CommandRunner()
    } catch {
      Issue.record("build the sonarflow binary first: \(error)")
      return
    }
    let process = Process()
    process.executableURL = runner.executable
    // A port that was free a moment ago: bind one in-process on port 0, then release it.
    let probe = try await SonarEmulator(configuration: .init(logger: TestSupport.quietLogger))
      .start()
    let port = probe.port
    await probe.stop()
    process.arguments = [
      "emulator", "--port", String(port), "--token", "smoke-token", "--log-level", "error",
    ]
    process.standardOutput = Pipe()
    process.standardError = Pipe()
    try ProcessLaunch.run(process)
    defer { if process.isRunning { process.terminate() } }
    var state: TestSupport.Answer?
    for _ in 0..<100 {
      state = try? await TestSupport.send("GET", "http://127.0.0.1:\(port)/_emulator/state")
      if state != nil { break }
      try await Task.sleep(for: .milliseconds(100))
    }
    #expect(state?.status == 200)
    #expect(state?.object?["customers"] == .array([]))
    let sent = try await TestSupport.form(
      "POST", "http://127.0.0.1:\(port)/api/v1/messages", "to=%2B13105551234&text=x",
      token: "smoke-token")
    #expect(sent.status == 202)
    process.terminate()
    process.waitUntilExit()
    #expect(process.terminationReason == .exit || process.terminationStatus == 15)
  }
}
