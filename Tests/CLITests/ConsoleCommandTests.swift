import AsyncHTTPClient
import Foundation
import NIOCore
import SQLiteHistory
import SonarflowTesting
import Testing

/// `sonarflow console`: needs a token (exit 2 without one, never an open console), then listens
/// and stops cleanly on SIGTERM.
@Suite struct ConsoleCommandTests {
  let sonarflow: CommandRunner

  init() throws {
    sonarflow = try CommandRunner()
  }

  @Test func withoutATokenItRefusesToStart() async throws {
    let folder = try Fixture.temporaryDirectory("console-no-token")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("h.sqlite").path
    let none = try await sonarflow.run(
      ["console", "--db", db, "--port", "0"], environment: ["SONARFLOW_CONSOLE_TOKEN": ""])
    #expect(none.exitCode == 2)
    #expect(none.standardError.contains("error: the console needs a token"), "\(none.standardError)")
    let empty = folder.appendingPathComponent("token")
    try Data("\n".utf8).write(to: empty)
    let blank = try await sonarflow.run(["console", "--db", db, "--port", "0", "--console-token-file", empty.path])
    #expect(blank.exitCode == 2)
    #expect(blank.standardError.contains("is empty"), "\(blank.standardError)")
    let missing = try await sonarflow.run(
      ["console", "--db", db, "--port", "0", "--console-token-file", folder.appendingPathComponent("nope").path])
    #expect(missing.exitCode == 2)
    #expect(missing.standardError.contains("cannot read the console token file"), "\(missing.standardError)")
  }

  @Test func aTokenShortEnoughToGuessIsRefused() async throws {
    let folder = try Fixture.temporaryDirectory("console-short-token")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("h.sqlite").path
    let short = try await sonarflow.run(
      ["console", "--db", db, "--port", "0"], environment: ["SONARFLOW_CONSOLE_TOKEN": "admin123"])
    #expect(short.exitCode == 2)
    #expect(
      short.standardError.contains(
        "error: the console token from SONARFLOW_CONSOLE_TOKEN has 8 characters; it needs at least 16"),
      "\(short.standardError)")
    #expect(short.standardError.contains("openssl rand -hex 32"))
    #expect(!short.standardError.contains("admin123"))
  }

  @Test func aHistoryFileThatDoesNotExistIsNotCreated() async throws {
    let folder = try Fixture.temporaryDirectory("console-no-db")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("mistyped.sqlite").path
    let result = try await sonarflow.run(
      ["console", "--db", db, "--port", "0"], environment: ["SONARFLOW_CONSOLE_TOKEN": "cli-console-token-0123456789"])
    #expect(result.exitCode == 2)
    #expect(
      result.standardError.contains("no history database '\(db)': nothing has been recorded there"),
      "\(result.standardError)")
    #expect(!FileManager.default.fileExists(atPath: db))
  }

  @Test func withATokenItListensUntilStopped() async throws {
    let folder = try Fixture.temporaryDirectory("console-token")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("h.sqlite").path
    _ = try SQLiteHistory(path: db)
    let token = "cli-console-token-\(UUID().uuidString)"
    let console = try LongRunningProcess(
      executable: sonarflow.executable,
      arguments: ["console", "--db", db, "--port", "0"],
      environment: ["SONARFLOW_CONSOLE_TOKEN": token])
    let port = try await console.waitForOutput(
      matching: "sonarflow console: listening on http://127\\.0\\.0\\.1:([0-9]+)/console/")
    #expect((Int(port) ?? 0) > 0)
    #expect(await console.stop() == 0)
    #expect(!console.printed.contains(token))
  }

  @Test func withScenariosItShowsTheirHooksAndDiagnostics() async throws {
    let folder = try Fixture.temporaryDirectory("console-scenarios")
    defer { try? FileManager.default.removeItem(at: folder) }
    let flows = folder.appendingPathComponent("flows")
    try FileManager.default.createDirectory(at: flows, withIntermediateDirectories: true)
    try Data(
      """
      name: Hooked
      trigger: { module: webhook.custom, params: { webhookName: hooked } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: seen, value: "{{1.id}}" } }
      """.utf8
    ).write(to: flows.appendingPathComponent("hooked.yaml"))
    try Data(
      """
      name: Broken
      trigger: { module: webhook.custom, params: { webhookName: broken } }
      flow:
        - { id: 2, module: util.setVariabel, map: { name: seen } }
      """.utf8
    ).write(to: flows.appendingPathComponent("broken.yaml"))
    let db = folder.appendingPathComponent("h.sqlite").path
    _ = try SQLiteHistory(path: db)
    let missing = try await sonarflow.run(
      ["console", "--db", db, "--port", "0", "--scenarios", folder.appendingPathComponent("nope").path],
      environment: ["SONARFLOW_CONSOLE_TOKEN": "cli-console-token-0123456789"])
    #expect(missing.exitCode == 2)
    #expect(missing.standardError.contains("error: no such file or folder"), "\(missing.standardError)")

    let token = "cli-console-token-\(UUID().uuidString)"
    let console = try LongRunningProcess(
      executable: sonarflow.executable,
      arguments: [
        "console", "--db", db, "--port", "0", "--scenarios", flows.path, "--public-url", "https://flows.example.com/",
      ],
      environment: ["SONARFLOW_CONSOLE_TOKEN": token])
    let port = try await console.waitForOutput(
      matching: "sonarflow console: listening on http://127\\.0\\.0\\.1:([0-9]+)/console/")
    let base = "http://127.0.0.1:\(port)"
    var login = HTTPClientRequest(url: base + "/console/login")
    login.method = .POST
    login.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
    login.body = .bytes(ByteBuffer(string: "token=\(token)"))
    let client = HTTPClient(
      eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
    let answer = try await client.execute(login, timeout: .seconds(30))
    let cookie = try #require(answer.headers["Set-Cookie"].first?.split(separator: ";").first.map(String.init))
    var page = HTTPClientRequest(url: base + "/console/scenarios")
    page.headers.add(name: "Cookie", value: cookie)
    let body = String(buffer: try await client.execute(page, timeout: .seconds(30)).body.collect(upTo: 1 << 22))
    try await client.shutdown()
    #expect(await console.stop() == 0)
    #expect(body.contains("<h2>Hooked</h2>") && body.contains("<h2>Broken</h2>"), "\(body)")
    // Secrets are serve's to create: none yet, so the hook shows its path.
    #expect(body.contains("/hooks/hooked/… (no secret yet: serve creates it)"))
    #expect(
      body.contains("<code>\(flows.path)/broken.yaml:4:22</code>: <span class=\"severity\">error</span>"), "\(body)")
  }
}
