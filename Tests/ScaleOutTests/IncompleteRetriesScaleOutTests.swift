import Foundation
import Hummingbird
import SonarflowTesting
import Synchronization
import Testing

/// Two runners on one PostgreSQL database: an incomplete execution kept by `break` is completed
/// automatically once its fault clears, by exactly one of them.
@Suite(
  .serialized,
  .enabled(
    if: TestDatabase.isEnabled,
    "SONARFLOW_TEST_POSTGRES_URL is not set: scale-out tests skipped (scripts/postgres.sh start prints it)"
  ))
struct IncompleteRetriesScaleOutTests {
  @Test(.timeLimit(.minutes(2))) func oneRunnerCompletesTheExecutionAfterTheFaultClears() async throws {
    let isFailing = Mutex(true)
    let requests = Mutex(0)
    let responder = CallbackResponder<BasicRequestContext> { _, _ in
      requests.withLock { $0 += 1 }
      return Response(status: isFailing.withLock { $0 } ? .serviceUnavailable : .ok)
    }
    try await LoopbackHTTPServer.run(responder) { port in
      try await TestDatabase.withFreshSchema { database in
        let folder = try Fixture.temporaryDirectory("retries-scale-out")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(
          """
          name: Retried
          trigger: { module: webhook.custom, params: { webhookName: retried } }
          flow:
            - id: 2
              module: http.request
              map: { url: "http://127.0.0.1:\(port)/flaky", method: POST }
              onError:
                then: break
                retry: { attempts: 20, interval: 1s }
          """.utf8
        ).write(to: folder.appendingPathComponent("retried.yaml"))
        var runners: [ServeRunner] = []
        for _ in 0..<2 {
          runners.append(
            try await ServeRunner.start(
              scenarios: folder, port: 0, arguments: ["--db", database.url, "--heartbeat", "1"],
              environment: [:]))
        }
        #expect(try await runners[0].post(try await database.hookPath("retried"), json: #"{"n": 1}"#) == 200)
        let incomplete = try await Self.poll(
          database, "SELECT id FROM \(database.quotedSchema).executions WHERE status = 'incomplete'")
        // A few attempts fail (both runners are asking every second), then the fault clears.
        _ = try await Self.poll(
          database,
          "SELECT id FROM \(database.quotedSchema).executions WHERE parent_id = '\(incomplete)' LIMIT 1 OFFSET 1")
        isFailing.withLock { $0 = false }
        _ = try await Self.poll(
          database,
          "SELECT id FROM \(database.quotedSchema).executions WHERE id = '\(incomplete)' AND status = 'success'")
        let attempts = try await database.integer(
          "SELECT count(*)::int FROM \(database.quotedSchema).executions WHERE parent_id = '\(incomplete)'")
        let succeeded = try await database.integer(
          "SELECT count(*)::int FROM \(database.quotedSchema).executions WHERE parent_id = '\(incomplete)' AND status = 'success'"
        )
        #expect(succeeded == 1, "the completed execution was attempted successfully \(succeeded) times")
        // Each attempt called the endpoint once: no attempt was made by both runners.
        #expect(requests.withLock { $0 } == attempts + 1)
        for runner in runners { #expect(await runner.process.stop() == 0) }
      }
    }
  }

  /// The first value of `sql` once it returns a row, within 60 seconds.
  private static func poll(_ database: TestDatabase, _ sql: String) async throws -> String {
    let deadline = ContinuousClock.now.advanced(by: .seconds(60))
    while ContinuousClock.now < deadline {
      if let found = try await database.texts(sql).first { return found }
      try await Task.sleep(for: .milliseconds(100))
    }
    throw PollTimedOut(sql: sql)
  }

  struct PollTimedOut: Error {
    let sql: String
  }
}
