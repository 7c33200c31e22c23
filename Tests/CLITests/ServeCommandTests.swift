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
    (
      ["--log-level", "loud"],
      "unknown --log-level 'loud'; use one of trace, debug, info, notice, warning, error, critical"
    ),
    (["--port", "99999"], "--port must be between 1 and 65535, or 0 to pick a free port (got 99999)"),
    (["--port=-1"], "--port must be between 1 and 65535, or 0 to pick a free port (got -1)"),
    (["--port", "65536"], "--port must be between 1 and 65535, or 0 to pick a free port (got 65536)"),
    (
      ["--header-timeout", "0"],
      "--header-timeout must be a number of seconds above 0 and at most 3600, such as 10 (got 0.0)"
    ),
    (["--max-connections", "0"], "--max-connections must be at least 1, such as 1024 (got 0)"),
  ])
  func badOptionsAreUsageErrors(_ options: [String], _ message: String) async throws {
    let folder = try Fixture.temporaryDirectory("serve-options")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try await sonarflow.run(
      ["serve", folder.path, "--port", "0", "--db", folder.appendingPathComponent("h.sqlite").path] + options)
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains(message), "\(result.standardError)")
  }

  /// A new folder holding one scenario, `hook.yaml` (a custom webhook setting a variable).
  private static func folderWithAHook(_ label: String) throws -> URL {
    let folder = try Fixture.temporaryDirectory(label)
    try Data(
      """
      name: hook
      trigger: { module: webhook.custom, params: { webhookName: hook } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: seen, value: "{{1.id}}" } }
      """.utf8
    ).write(to: folder.appendingPathComponent("hook.yaml"))
    return folder
  }

  /// A second `serve` on a SQLite file that one already serves would run every delivery twice:
  /// it is refused, naming the running one, before it listens.
  @Test func aSecondServerOnTheSameSQLiteFileIsRefused() async throws {
    let folder = try Self.folderWithAHook("serve-twice")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("h.sqlite").path
    let first = Process()
    first.executableURL = sonarflow.executable
    first.arguments = ["serve", folder.path, "--port", "0", "--db", db, "--log-level", "error"]
    first.standardOutput = Pipe()
    first.standardError = Pipe()
    try ProcessLaunch.run(first)
    defer {
      first.terminate()
      first.waitUntilExit()
    }
    let lock = db + ".serve.lock"
    for _ in 0..<200 where (try? String(contentsOfFile: lock, encoding: .utf8))?.isEmpty ?? true {
      try await Task.sleep(for: .milliseconds(50))
    }
    let second = try await sonarflow.run(["serve", folder.path, "--port", "0", "--db", db])
    #expect(second.exitCode == 2)
    #expect(
      second.standardError.contains(
        "another sonarflow serve (process \(first.processIdentifier)) is already running on '\(db)'"),
      "\(second.standardError)")
    #expect(first.isRunning)
  }

  /// `serve --emulator` logs where the emulator listens and where its token comes from, never the
  /// token itself.
  @Test func theEmulatorsURLAndTokenSourceAreLogged() async throws {
    let folder = try Self.folderWithAHook("serve-emulator")
    defer { try? FileManager.default.removeItem(at: folder) }
    let serve = try LongRunningProcess(
      executable: sonarflow.executable,
      arguments: [
        "serve", folder.path, "--port", "0", "--db", folder.appendingPathComponent("h.sqlite").path, "--emulator",
      ])
    let line = try await serve.waitForOutput(matching: "[^\\n]*emulator started", timeout: .seconds(120))
    _ = try await serve.waitForOutput(matching: "listening on http://127\\.0\\.0\\.1:([0-9]+)")
    #expect(await serve.stop() == 0)
    #expect(line.contains("url=http://127.0.0.1:"), "\(line)")
    #expect(line.contains("/api/v1"), "\(line)")
    #expect(line.contains("the emulator's built-in token (no token variable of the scenarios is read)"), "\(line)")
    #expect(line.contains("state=empty"), "\(line)")
    #expect(!serve.printed.contains("test-token"))
  }

  /// A SQLite file with a damaged page is refused at start (exit 2), before serve listens and
  /// fails writes later.
  /// A webhook secret that is not there stops the start at the setting that names it, with how to
  /// fix it; nothing listens.
  @Test func anUnsetSignatureSecretNamesItsSettingAndTheFix() async throws {
    let folder = try Fixture.temporaryDirectory("serve-secret")
    defer { try? FileManager.default.removeItem(at: folder) }
    let scenario = folder.appendingPathComponent("signed.yaml")
    try """
    name: Signed orders
    trigger:
      module: webhook.custom
      params:
        webhookName: orders
        signature:
          header: X-Signature
          secret: "env:SONARFLOW_TEST_UNSET_SIGNING_KEY"
    flow:
      - { id: 2, module: util.setVariable, map: { name: order, value: "{{1.id}}" } }
    """.write(to: scenario, atomically: true, encoding: .utf8)
    let result = try await sonarflow.run([
      "serve", scenario.path, "--port", "0", "--db", folder.appendingPathComponent("h.sqlite").path,
    ])
    #expect(result.exitCode == 2)
    #expect(
      result.standardError.contains(
        "\(scenario.path):8:15: error: webhook.custom 'signature.secret': the environment variable SONARFLOW_TEST_UNSET_SIGNING_KEY is not set (or empty)\n  help: set the variable in serve's environment"
      ), "\(result.standardError)")
    #expect(!result.standardOutput.contains("listening"))
  }

  @Test func aDamagedSQLiteFileStopsTheStart() async throws {
    let folder = try Fixture.temporaryDirectory("serve-corrupt")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("h.sqlite").path
    // A table of ~250 pages in a rollback-journal file, then garbage over the middle of one of its
    // pages: opening and migrating do not read it, PRAGMA quick_check does.
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = [
      "python3", "-c",
      """
      import sqlite3, sys
      c = sqlite3.connect(sys.argv[1])
      c.execute('CREATE TABLE filler (id INTEGER PRIMARY KEY, data TEXT)')
      c.executemany('INSERT INTO filler (data) VALUES (?)', [('x' * 500,) for _ in range(2000)])
      c.commit(); c.close()
      with open(sys.argv[1], 'r+b') as f:
          f.seek(100 * 4096 + 8); f.write(b'\\xff' * 600)
      """,
      db,
    ]
    try ProcessLaunch.run(python)
    python.waitUntilExit()
    try #require(python.terminationStatus == 0)
    let result = try await sonarflow.run(["serve", folder.path, "--port", "0", "--db", db])
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("error: the history database '\(db)' is damaged (PRAGMA quick_check: "))
    #expect(!result.standardOutput.contains("listening"))
  }
}
