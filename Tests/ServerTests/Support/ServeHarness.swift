import AsyncHTTPClient
import Foundation
import History
import NIOCore
import NIOHTTP1
import SQLiteHistory
import SonarflowTesting
import Testing

/// A temporary folder of scenarios and a database, and `sonarflow serve` run on them as a process.
struct ServeHarness: Sendable {
  let folder: URL
  var scenarios: URL { folder.appendingPathComponent("scenarios") }
  var database: String { folder.appendingPathComponent("history.sqlite").path }

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
  }

  func write(_ name: String, _ yaml: String) throws {
    try Data(yaml.utf8).write(to: scenarios.appendingPathComponent(name))
  }

  func remove(_ name: String) throws {
    try FileManager.default.removeItem(at: scenarios.appendingPathComponent(name))
  }

  /// Starts serve on `port` (when nil, port 0: serve binds a free one itself and prints it, so two
  /// tests can never be handed the same port) and waits until `/readyz` answers 200.
  func start(
    port: Int? = nil, arguments: [String] = [], environment: [String: String] = [:]
  ) async throws -> RunningServe {
    let chosen = port ?? 0
    let (process, url) = try await ServeProcess.start(
      arguments: [scenarios.path, "--port", String(chosen), "--db", database] + arguments, environment: environment)
    return RunningServe(process: process, url: url, database: database)
  }

  /// Every execution in the database, newest first.
  func executions(scenario: String? = nil) async throws -> [ExecutionRecord] {
    let store = try SQLiteHistory(path: database)
    return try await store.executions(matching: HistoryQuery(scenarioName: scenario, limit: 1_000_000))
  }

  /// One execution with its operations.
  func execution(id: String) async throws -> ExecutionRecord? {
    try await SQLiteHistory(path: database).execution(id: id)
  }

  /// Waits until `condition` holds for the executions (up to `timeout`), and returns them.
  /// Executions still `running` are left out unless `includingRunning`.
  func waitForExecutions(
    scenario: String? = nil, includingRunning: Bool = false, timeout: Duration = .seconds(30),
    until condition: ([ExecutionRecord]) -> Bool
  ) async throws -> [ExecutionRecord] {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    var last: [ExecutionRecord] = []
    while ContinuousClock.now < deadline {
      last = try await executions(scenario: scenario).filter { includingRunning || $0.status != .running }
      if condition(last) { return last }
      try await Task.sleep(for: .milliseconds(100))
    }
    return last
  }
}

/// A running `sonarflow serve`.
struct RunningServe: Sendable {
  let process: LongRunningProcess
  let url: String
  /// The SQLite file serve runs on, where the hooks' secrets are.
  let database: String

  /// `/hooks/{name}/{secret}` with the hook's secret as the database holds it; a made-up secret
  /// when the hook has none (so the request is answered as a wrong secret is).
  func hook(_ name: String) async throws -> String {
    let secret = try await SQLiteHistory(path: database).webhookSecrets()[name]
    return "/hooks/\(name)/\(secret ?? "no-secret-for-this-hook")"
  }

  struct Answer: Sendable {
    var status: Int
    var body: String
    var headers: [(String, String)]
  }

  func post(
    _ path: String, body: String, contentType: String = "application/json", headers: [(String, String)] = []
  ) async throws -> Answer {
    try await post(path, bytes: Array(body.utf8), contentType: contentType, headers: headers)
  }

  /// Posts raw bytes (not necessarily UTF-8); no Content-Type header when `contentType` is empty.
  func post(
    _ path: String, bytes: [UInt8], contentType: String, headers: [(String, String)] = []
  ) async throws -> Answer {
    var request = HTTPClientRequest(url: url + path)
    request.method = .POST
    if !contentType.isEmpty { request.headers.add(name: "Content-Type", value: contentType) }
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(bytes: bytes))
    return try await send(request)
  }

  func get(_ path: String) async throws -> Answer {
    try await send(HTTPClientRequest(url: url + path))
  }

  /// A request with any method and no body.
  func request(_ method: HTTPMethod, _ path: String) async throws -> Answer {
    var request = HTTPClientRequest(url: url + path)
    request.method = method
    return try await send(request)
  }

  private func send(_ request: HTTPClientRequest) async throws -> Answer {
    // A connection of its own per request: serve closes idle connections after its timeouts, and
    // a pooled one it closes just as a request is written on it fails that request.
    var request = request
    request.headers.replaceOrAdd(name: "Connection", value: "close")
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
    return Answer(
      status: Int(response.status.code), body: String(buffer: body),
      headers: response.headers.map { ($0.name, $0.value) })
  }

  /// SIGTERM, and the exit status.
  @discardableResult
  func stop() async -> Int32 { await process.stop() }
}

extension ExecutionRecord {
  /// The trigger bundle as a JSON object (or array) decoded with Foundation.
  var triggerJSON: Any? {
    triggerBundle.flatMap { try? JSONSerialization.jsonObject(with: $0) }
  }
}
