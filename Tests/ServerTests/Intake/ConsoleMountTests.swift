import Foundation
import Testing

/// `serve` mounts the web console at `/console/` only when a console token is configured
/// (`SONARFLOW_CONSOLE_TOKEN` or `--console-token-file`); without one `/console/` is 404.
@Suite struct ConsoleMountTests {
  private static let hook = """
    name: hook
    trigger: { module: webhook.custom, params: { webhookName: hook } }
    flow:
      - { id: 2, module: util.setVariable, map: { name: seen, value: "{{1.id}}" } }
    """

  @Test func withoutATokenTheConsoleIsNotThere() async throws {
    let harness = try ServeHarness()
    defer { try? FileManager.default.removeItem(at: harness.folder) }
    try harness.write("hook.yaml", Self.hook)
    let serve = try await harness.start(environment: ["SONARFLOW_CONSOLE_TOKEN": ""])
    for path in ["/console/", "/console/login", "/console/executions", "/console/assets/console.js"] {
      #expect(try await serve.get(path).status == 404, "\(path)")
    }
    #expect(await serve.stop() == 0)
  }

  @Test(arguments: [false, true])
  func withATokenTheConsoleAsksForIt(fromFile: Bool) async throws {
    let harness = try ServeHarness()
    defer { try? FileManager.default.removeItem(at: harness.folder) }
    try harness.write("hook.yaml", Self.hook)
    let token = "serve-console-token-\(UUID().uuidString)"
    let file = harness.folder.appendingPathComponent("console-token")
    try Data((token + "\n").utf8).write(to: file)
    let serve = try await harness.start(
      arguments: fromFile ? ["--console-token-file", file.path] : [],
      environment: ["SONARFLOW_CONSOLE_TOKEN": fromFile ? "" : token])
    let login = try await serve.get("/console/login")
    #expect(login.status == 200)
    #expect(login.body.contains(#"<input type="password" id="token" name="token""#))
    #expect(login.headers.contains { $0.0.lowercased() == "content-security-policy" })
    // The right token is answered with a redirect into the console (followed by this client to
    // the login page again, without the cookie, which it counts as a cycle); a wrong one with 401.
    let refused = try await serve.post(
      "/console/login", body: "token=\(token)x", contentType: "application/x-www-form-urlencoded")
    #expect(refused.status == 401)
    #expect(try await serve.get("/healthz").status == 200)
    #expect(await serve.stop() == 0)
    #expect(!serve.process.printed.contains(token))
  }
}
