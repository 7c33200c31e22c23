import History
import PostgresHistory
import SonarflowTesting
import Testing

/// The generic ServeStore checks (serve's queue and poll state), unchanged, against a real
/// PostgreSQL server, each in a fresh schema.
@Suite(
  .enabled(
    if: TestServer.isEnabled,
    "SONARFLOW_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (scripts/postgres.sh start prints it)"
  ))
struct PostgresServeStoreConformanceTests {
  @Test(arguments: ServeStoreConformance.Check.allCases)
  func conformance(_ check: ServeStoreConformance.Check) async throws {
    try await TestServer.withFreshSchema { configuration in
      try await PostgresHistory.withHistory(configuration) { store in
        try await ServeStoreConformance(makeStore: { store }).run(check)
      }
    }
  }
}
