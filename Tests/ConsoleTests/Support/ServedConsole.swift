import Foundation
import History
import SQLiteHistory
import SonarflowTesting

/// `sonarflow serve` with its console on, as a child process on a temporary folder of scenarios
/// and a SQLite history: what the console's actions act on when an engine runs the scenarios.
struct ServedConsole: Sendable {
  let folder: URL
  let process: LongRunningProcess
  let url: String
  var database: String { folder.appendingPathComponent("history.sqlite").path }

  /// A fresh folder for the scenarios (`scenarios/`) and the database.
  static func folder() throws -> URL {
    let folder = try Fixture.temporaryDirectory("served-console")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
    return folder
  }

  /// Starts serve on the scenarios in `folder`, runs `body`, stops serve and removes the folder.
  static func run(
    in folder: URL, arguments: [String] = [], _ body: @Sendable (ServedConsole) async throws -> Void
  ) async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let (process, url) = try await ServeProcess.start(
      arguments: [
        folder.appendingPathComponent("scenarios").path, "--port", "0", "--db",
        folder.appendingPathComponent("history.sqlite").path,
      ] + arguments,
      environment: ["SONARFLOW_CONSOLE_TOKEN": ConsoleHarness.token])
    let served = ServedConsole(folder: folder, process: process, url: url)
    do {
      try await body(served)
    } catch {
      _ = await process.stop()
      throw error
    }
    _ = await process.stop()
  }

  /// The history serve writes (opened beside it: SQLite in WAL mode takes readers and writers).
  func store() throws -> SQLiteHistory { try SQLiteHistory(path: database) }

  /// Posts `body` to the hook `name` at its secret URL.
  func post(hook name: String, body: String) async throws -> Int {
    let secret = try await store().webhookSecrets()[name] ?? "none"
    return try await ConsoleHarness.post(url + "/hooks/\(name)/\(secret)", json: body)
  }

  /// Waits until `condition` holds for the executions (newest first), and returns them.
  func waitForExecutions(
    timeout: Duration = .seconds(30), until condition: ([ExecutionRecord]) -> Bool
  ) async throws -> [ExecutionRecord] {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while true {
      let executions = try await store().executions(matching: HistoryQuery(limit: 1_000, includesReplays: true))
      if condition(executions) { return executions }
      guard ContinuousClock.now < deadline else {
        throw WebDriver.Failure(description: "timed out; executions: \(executions.map { "\($0.id) \($0.status)" })")
      }
      try await Task.sleep(for: .milliseconds(100))
    }
  }
}
