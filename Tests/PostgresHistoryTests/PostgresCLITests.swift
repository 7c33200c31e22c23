import Foundation
import PostgresHistory
import SonarflowTesting
import Testing

/// `sonarflow run --db postgres://…` records an execution that `history list/show` read back from
/// the same database, as a second runner would.
@Suite(
  .enabled(
    if: TestServer.isEnabled,
    "SONARFLOW_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (scripts/postgres.sh start prints it)"
  ))
struct PostgresCLITests {
  let sonarflow: CommandRunner

  init() throws {
    sonarflow = try CommandRunner()
  }

  private func example(_ name: String) -> String {
    Fixture.repositoryRoot.appendingPathComponent("scenarios/\(name)").path
  }

  /// The test server's URL with a fresh schema.
  private func url(schema: String) throws -> String {
    guard let base = TestServer.url else { throw TestServer.Missing() }
    return base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
  }

  @Test func runIsRecordedAndListed() async throws {
    try await TestServer.withFreshSchema { configuration in
      let db = try url(schema: configuration.schema)
      let run = try await sonarflow.run(
        [
          "run", example("welcome-new-customer.yaml"), "--bundle",
          example("bundles/welcome-new-customer.json"), "--db", db, "--emulator",
          "--emulator-state",
          example("emulator-state.json"),
        ],
        environment: ["SONAR_TOKEN": "a-long-secret-token"])
      #expect(run.exitCode == 0, "\(run.standardError)")

      // Through the environment variable this time, as a runner configured once would.
      let list = try await sonarflow.run(
        ["history", "list", "--format", "json"], environment: ["SONARFLOW_DB": db])
      #expect(list.exitCode == 0, "\(list.standardError)")
      let executions = try #require(
        try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
      #expect(executions.count == 1)
      #expect(executions.first?["status"] as? String == "success")
      #expect(executions.first?["operations"] as? Int == 3)
      #expect(executions.first?["scenario"] as? String == "Welcome new customers")
      let id = try #require(executions.first?["id"] as? String)

      let shown = try await sonarflow.run(["history", "show", id, "--db", db])
      #expect(shown.exitCode == 0, "\(shown.standardError)")
      #expect(shown.standardOutput.contains("Operation 3 · module 3 sonar.sendMessage"))
      #expect(!shown.standardOutput.contains("a-long-secret-token"))

      // And the store itself sees the same row.
      let record = try await PostgresHistory.withHistory(configuration) {
        try await $0.execution(id: id)
      }
      #expect(record?.operationLog.count == 3)
    }
  }

  /// `sonarflow datastore` on PostgreSQL, and the once-a-day throttle through two `run` processes
  /// sharing the database, as two runners would.
  @Test func dataStoresAreSharedThroughTheDatabase() async throws {
    try await TestServer.withFreshSchema { configuration in
      let db = try url(schema: configuration.schema)
      let put = try await sonarflow.run([
        "datastore", "put", "opt-outs", "+13105555678", #"{"reason":"STOP"}"#, "--db", db,
      ])
      #expect(put.exitCode == 0, "\(put.standardError)")
      let get = try await sonarflow.run(["datastore", "get", "opt-outs", "+13105555678", "--db", db])
      #expect(get.standardOutput == #"{"reason":"STOP"}"# + "\n")

      let arguments = [
        "run", example("once-a-day-throttle.yaml"), "--bundle", example("bundles/once-a-day-throttle.json"),
        "--emulator", "--emulator-state", example("emulator-state.json"), "--db", db, "--format", "json",
      ]
      let first = try await sonarflow.run(arguments)
      #expect(first.exitCode == 0, "\(first.standardError)")
      let second = try await sonarflow.run(arguments)
      #expect(second.exitCode == 0, "\(second.standardError)")
      let result = try #require(
        try JSONSerialization.jsonObject(with: Data(second.standardOutput.utf8)) as? [String: Any])
      let modules = try #require(result["modules"] as? [[String: Any]])
      let reply = modules.first { $0["id"] as? Int == 3 }?["operations"] as? [[String: Any]]
      #expect(reply?.first?["filtered"] as? Bool == true, "\(second.standardOutput)")

      let stores = try await sonarflow.run(["datastore", "list", "--db", db])
      #expect(stores.exitCode == 0, "\(stores.standardError)")
      #expect(stores.standardOutput.contains("auto-replies"))
      #expect(stores.standardOutput.contains("opt-outs"))
    }
  }
}

/// No server needed.
@Suite struct PostgresCLIURLTests {
  @Test func badURLIsAUsageErrorWithoutThePassword() async throws {
    let result = try await CommandRunner().run(
      [
        "history", "list", "--db",
        "postgres://sonar:hunter2-pw@127.0.0.1/history?sslmode=verify-full",
      ])
    #expect(result.exitCode == 2)
    #expect(
      result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        == "error: invalid PostgreSQL URL: unsupported sslmode 'verify-full' (expected disable, prefer or require) (expected postgres://user[:password]@host[:port]/database)"
    )
    #expect(!result.standardError.contains("hunter2"))
  }

  @Test func serveWithABadURLIsAUsageErrorWithoutThePassword() async throws {
    let scenarios = Fixture.repositoryRoot.appendingPathComponent("scenarios").path
    let result = try await CommandRunner().run(
      ["serve", scenarios, "--port", "0", "--db", "postgres://sonar:hunter2-pw@127.0.0.1:notaport/history"])
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("error: invalid PostgreSQL URL: "), "\(result.standardError)")
    #expect(!result.standardError.contains("hunter2"))
  }
}
