import AsyncHTTPClient
import Console
import Foundation
import History
import Hummingbird
import Logging
import NIOCore
import SQLiteHistory
import SonarflowTesting

/// The console on a fresh SQLite history in a temporary folder, served on a free loopback port
/// for the duration of `body` (real HTTP, as the browser tests need).
struct ConsoleHarness: Sendable {
  static let token = "console-test-token-7f3a"

  let folder: URL
  let store: SQLiteHistory
  let url: String

  /// Runs `body` with the console listening; the server stops when it returns.
  static func withConsole<Result: Sendable>(
    token: String = ConsoleHarness.token, pollInterval: Duration = .milliseconds(200),
    scenarios: ConsoleScenarios = ConsoleScenarios(),
    _ body: @Sendable (ConsoleHarness) async throws -> Result
  ) async throws -> Result {
    let folder = try Fixture.temporaryDirectory("console")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
    let router = Router()
    try ConsoleRoutes(history: store, token: token, scenarios: scenarios, pollInterval: pollInterval).add(to: router)
    // Port 0, bound by the server itself (no free-port race between parallel tests), and stopped
    // with a graceful shutdown (live-update connections stay open until then).
    return try await LoopbackHTTPServer.run(router.buildResponder()) { port in
      try await body(ConsoleHarness(folder: folder, store: store, url: "http://127.0.0.1:\(port)"))
    }
  }

  struct Answer: Sendable {
    var status: Int
    var body: String
    var headers: [(String, String)]

    func header(_ name: String) -> String? {
      headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    func headers(_ name: String) -> [String] {
      headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }
  }

  func get(_ path: String, cookie: String? = nil, headers: [(String, String)] = []) async throws -> Answer {
    var request = HTTPClientRequest(url: url + path)
    if let cookie { request.headers.add(name: "Cookie", value: cookie) }
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    return try await send(request)
  }

  func post(
    _ path: String, form: String, cookie: String? = nil, headers: [(String, String)] = []
  ) async throws -> Answer {
    var request = HTTPClientRequest(url: url + path)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
    if let cookie { request.headers.add(name: "Cookie", value: cookie) }
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(string: form))
    return try await send(request)
  }

  /// Posts a JSON body to an absolute URL (a served hook); returns the status.
  static func post(_ url: String, json: String) async throws -> Int {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.headers.add(name: "Connection", value: "close")
    request.body = .bytes(ByteBuffer(string: json))
    return Int(try await client.execute(request, timeout: .seconds(30)).status.code)
  }

  /// Logs in with `token`; returns the `name=value` of the session cookie.
  func logIn(token: String = ConsoleHarness.token) async throws -> String? {
    let answer = try await post("/console/login", form: "token=\(token)")
    guard answer.status == 303, let setCookie = answer.header("Set-Cookie") else { return nil }
    return setCookie.split(separator: ";").first.map(String.init)
  }

  /// The CSRF token the page at `path` carries in its forms.
  func csrfToken(cookie: String, path: String = "/console/executions") async throws -> String? {
    let page = try await get(path, cookie: cookie).body
    guard let range = page.range(of: #"name="csrf" value=""#) else { return nil }
    return String(page[range.upperBound...].prefix { $0 != "\"" })
  }

  private func send(_ request: HTTPClientRequest) async throws -> Answer {
    let response = try await ConsoleHarness.client.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
    return Answer(
      status: Int(response.status.code), body: String(buffer: body),
      headers: response.headers.map { ($0.name, $0.value) })
  }

  /// A client that does not follow redirects, so tests see the console's 303s.
  static let client = HTTPClient(
    eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
}
