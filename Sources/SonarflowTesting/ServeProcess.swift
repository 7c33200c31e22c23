import AsyncHTTPClient
import Foundation

/// `sonarflow serve` started as a child process for tests.
package enum ServeProcess {
  /// Starts the built `sonarflow serve ARGUMENTS…` (give `--port 0` to have it bind a free port
  /// itself, which it prints) and waits until `/readyz` answers 200; returns the process and the
  /// URL it listens on.
  package static func start(
    arguments: [String], environment: [String: String] = [:]
  ) async throws -> (process: LongRunningProcess, url: String) {
    let process = try LongRunningProcess(
      executable: CommandRunner().executable, arguments: ["serve"] + arguments, environment: environment)
    let bound = try await process.waitForOutput(matching: "listening on http://127\\.0\\.0\\.1:([0-9]+)")
    let url = "http://127.0.0.1:\(bound)"
    let deadline = ContinuousClock.now.advanced(by: .seconds(30))
    while ContinuousClock.now < deadline {
      var request = HTTPClientRequest(url: url + "/readyz")
      request.headers.add(name: "Connection", value: "close")
      if let answer = try? await HTTPClient.shared.execute(request, timeout: .seconds(5)), answer.status.code == 200 {
        return (process, url)
      }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw LongRunningProcess.Failure.timedOut(waitingFor: "/readyz", output: process.printed)
  }
}
