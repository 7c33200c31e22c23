import Foundation
import SonarflowTesting
import Testing

/// `/readyz` says not ready while the history database cannot take writes, and ready again after.
@Suite struct ReadinessTests {
  @Test func readyzIs503WhileWritesFailAndReadyAgainAfter() async throws {
    let harness = try ServeHarness()
    try harness.write(
      "plain.yaml",
      """
      name: Plain
      trigger: { module: webhook.custom, params: { webhookName: plain } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: n, value: "{{1.n}}" } }
      """)
    let serve = try await harness.start()
    #expect(try await serve.get("/readyz").status == 200)
    // Another process takes the file's write lock and keeps it until it is stopped: serve's
    // writes wait and fail.
    let locker = try LongRunningProcess(
      executable: URL(fileURLWithPath: "/usr/bin/env"),
      arguments: [
        "python3", "-c",
        """
        import sqlite3, sys, time
        c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
        c.execute('BEGIN IMMEDIATE')
        print('locked', flush=True)
        time.sleep(600)
        """,
        harness.database,
      ])
    _ = try await locker.waitForOutput(matching: "(locked)")
    let notReady = try await Self.waitForReadyz(serve, status: 503)
    #expect(notReady?.body.contains("does not take writes") == true, "\(notReady?.body ?? "still ready")")
    _ = await locker.stop()
    #expect(try await Self.waitForReadyz(serve, status: 200) != nil, "not ready again after the lock was released")
    #expect(try await serve.post(try await serve.hook("plain"), body: #"{"n": 1}"#).status == 200)
    #expect(serve.process.printed.contains("the history database takes writes again: ready"))
    #expect(await serve.stop() == 0)
  }

  /// Polls `/readyz` until it answers `status` (up to 40 s).
  private static func waitForReadyz(_ serve: RunningServe, status: Int) async throws -> RunningServe.Answer? {
    let deadline = ContinuousClock.now.advanced(by: .seconds(40))
    while ContinuousClock.now < deadline {
      let answer = try await serve.get("/readyz")
      if answer.status == status { return answer }
      try await Task.sleep(for: .milliseconds(200))
    }
    return nil
  }
}
