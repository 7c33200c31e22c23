import AsyncHTTPClient
import Foundation
import NIOCore
import SonarflowTesting
import Testing

/// One `sonarflow serve` process of a scale-out test, on a port of its own.
struct ServeRunner: Sendable {
  let process: LongRunningProcess
  let url: String

  /// Starts serve on `port` (0: serve binds a free one itself and prints it) with `arguments` after
  /// the scenario folder, and waits until `/readyz` answers 200.
  static func start(
    scenarios: URL, port: Int, arguments: [String], environment: [String: String]
  ) async throws -> ServeRunner {
    let process = try LongRunningProcess(
      executable: CommandRunner().executable,
      arguments: ["serve", scenarios.path, "--port", String(port)] + arguments,
      environment: environment)
    let bound = try await process.waitForOutput(matching: "listening on http://127\\.0\\.0\\.1:([0-9]+)")
    let runner = ServeRunner(process: process, url: "http://127.0.0.1:\(bound)")
    let deadline = ContinuousClock.now.advanced(by: .seconds(30))
    while ContinuousClock.now < deadline {
      if let status = try? await runner.get("/readyz"), status == 200 { return runner }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw LongRunningProcess.Failure.timedOut(waitingFor: "/readyz", output: process.printed)
  }

  /// Whether this runner logged that it leads (polls and registers webhooks).
  var hasLed: Bool { process.printed.contains("leading: this runner polls") }

  func get(_ path: String) async throws -> Int {
    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + path), timeout: .seconds(10))
    _ = try await response.body.collect(upTo: 1 << 20)
    return Int(response.status.code)
  }

  /// The Prometheus text of `/metrics`.
  func metrics() async throws -> String {
    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/metrics"), timeout: .seconds(10))
    return String(buffer: try await response.body.collect(upTo: 1 << 22))
  }

  /// Posts a JSON body; returns the status.
  func post(_ path: String, json: String) async throws -> Int {
    var request = HTTPClientRequest(url: url + path)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(string: json))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
    _ = try await response.body.collect(upTo: 1 << 16)
    return Int(response.status.code)
  }
}
