import Foundation
import SonarflowTesting
import Testing

/// Hooks' secrets and readiness with runners on one PostgreSQL database: runners started together
/// answer at the one secret URL the database holds and follow a rotation without a restart;
/// `/readyz` answers 503 while the runner's writes cannot complete, and 200 again once they can.
@Suite(
  .serialized,
  .enabled(
    if: TestDatabase.isEnabled,
    "SONARFLOW_TEST_POSTGRES_URL is not set: scale-out tests skipped (scripts/postgres.sh start prints it)"
  ))
struct HookSecurityScaleOutTests {
  @Test(.timeLimit(.minutes(2))) func runnersShareAHooksSecretAndFollowItsRotation() async throws {
    try await TestDatabase.withFreshSchema { database in
      let folder = try Self.ordersFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      // Started at once, so both create the hook's secret at the same moment.
      let runners = try await withThrowingTaskGroup(of: ServeRunner.self) { group in
        for _ in 0..<2 {
          group.addTask {
            try await ServeRunner.start(
              scenarios: folder, port: 0, arguments: ["--db", database.url, "--heartbeat", "1"],
              environment: [:])
          }
        }
        return try await group.reduce(into: [ServeRunner]()) { $0.append($1) }
      }
      let secrets = try await database.texts("SELECT secret FROM \(database.quotedSchema).webhook_secrets")
      #expect(secrets.count == 1)
      let old = try await database.hookPath("orders")
      for (index, runner) in runners.enumerated() {
        #expect(try await runner.post(old, json: #"{"n": \#(index)}"#) == 200, "runner \(index)")
        #expect(try await runner.post("/hooks/orders/" + String(repeating: "a", count: 32), json: "{}") == 404)
      }

      let rotated = try await CommandRunner().run(["webhooks", "rotate", "orders", "--db", database.url])
      #expect(rotated.exitCode == 0, "\(rotated.standardError)")
      let new = try await database.hookPath("orders")
      #expect(new != old)
      for (index, runner) in runners.enumerated() {
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        var status = 0
        while ContinuousClock.now < deadline {
          status = try await runner.post(old, json: #"{"n": "old"}"#)
          if status == 404 { break }
          try await Task.sleep(for: .milliseconds(100))
        }
        #expect(status == 404, "runner \(index) still answers at the old URL")
        #expect(try await runner.post(new, json: #"{"n": "new \#(index)"}"#) == 200, "runner \(index)")
      }
      for runner in runners { #expect(await runner.process.stop() == 0) }
    }
  }

  @Test(.timeLimit(.minutes(2))) func readyzFollowsWhetherTheDatabaseTakesWrites() async throws {
    try await TestDatabase.withFreshSchema { database in
      let folder = try Self.ordersFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let runner = try await ServeRunner.start(
        scenarios: folder, port: 0, arguments: ["--db", database.url], environment: [:])
      #expect(try await runner.get("/readyz") == 200)
      let wentUnready = try await database.whileLocking("write_probe") {
        try await Self.wait(for: 503, from: runner)
      }
      #expect(wentUnready, "still ready while the database did not take the probe's write")
      #expect(try await Self.wait(for: 200, from: runner), "not ready again after the lock was released")
      #expect(await runner.process.stop() == 0)
    }
  }

  private static func wait(for status: Int, from runner: ServeRunner) async throws -> Bool {
    let deadline = ContinuousClock.now.advanced(by: .seconds(30))
    while ContinuousClock.now < deadline {
      if try await runner.get("/readyz") == status { return true }
      try await Task.sleep(for: .milliseconds(200))
    }
    return false
  }

  /// A folder with one scenario on the custom webhook `orders`.
  private static func ordersFolder() throws -> URL {
    let folder = try Fixture.temporaryDirectory("hooks-scale-out")
    try Data(
      """
      name: Orders
      trigger: { module: webhook.custom, params: { webhookName: orders } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: n, value: "{{1.n}}" } }
      """.utf8
    ).write(to: folder.appendingPathComponent("orders.yaml"))
    return folder
  }
}
