import History
import PostgresHistory
import SonarflowTesting
import Testing

/// The generic DataStoreStore checks against a real PostgreSQL server, each in a fresh schema,
/// with two stores (two connection pools) on it as two runners have.
@Suite(
  .enabled(
    if: TestServer.isEnabled,
    "SONARFLOW_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (scripts/postgres.sh start prints it)"
  ))
struct PostgresDataStoreConformanceTests {
  /// `configuration` with a pool of two connections.
  private static func small(_ configuration: PostgresHistory.Configuration) -> PostgresHistory.Configuration {
    var small = configuration
    small.maximumConnections = 2
    return small
  }

  @Test(.serialized, arguments: DataStoreStoreConformance.Check.allCases)
  func conformance(_ check: DataStoreStoreConformance.Check) async throws {
    try await TestServer.withFreshSchema { fresh in
      // Two small pools per check: the suites run in parallel on one server with a connection limit.
      let configuration = Self.small(fresh)
      try await DataStoreStoreConformance { body in
        try await PostgresHistory.withHistory(configuration) { first in
          try await PostgresHistory.withHistory(configuration) { second in
            try await body(first, second)
          }
        }
      }.run(check)
    }
  }
}
