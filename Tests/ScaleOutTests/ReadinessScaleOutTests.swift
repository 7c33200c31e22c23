import Foundation
import SonarflowTesting
import Testing

/// On PostgreSQL too, `/readyz` answers 503 while the runner's writes cannot complete, and 200
/// again once they can.
@Suite(
  .serialized,
  .enabled(
    if: TestDatabase.isEnabled,
    "SONARFLOW_TEST_POSTGRES_URL is not set: scale-out tests skipped (scripts/postgres.sh start prints it)"
  ))
struct ReadinessScaleOutTests {
  @Test(.timeLimit(.minutes(2))) func readyzFollowsWhetherTheDatabaseTakesWrites() async throws {
    try await TestDatabase.withFreshSchema { database in
      let folder = try Fixture.temporaryDirectory("readiness-scale-out")
      defer { try? FileManager.default.removeItem(at: folder) }
      try Data(
        """
        name: Orders
        trigger: { module: webhook.custom, params: { webhookName: orders } }
        flow:
          - { id: 2, module: util.setVariable, map: { name: n, value: "{{1.n}}" } }
        """.utf8
      ).write(to: folder.appendingPathComponent("orders.yaml"))
      let runner = try await ServeRunner.start(
        scenarios: folder, port: try LoopbackPort.free(), arguments: ["--db", database.url], environment: [:])
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
}
