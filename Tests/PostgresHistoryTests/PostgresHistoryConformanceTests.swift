import History
import PostgresHistory
import SonarflowTesting
import Testing

/// The generic HistoryStore checks, unchanged, against a real PostgreSQL server. Each check gets a
/// fresh schema; `reopen` is a second store with its own connection pool, so every read-back also
/// proves the data was committed, not just held by the writer's connection.
@Suite(
  .enabled(
    if: TestServer.isEnabled,
    "SONARFLOW_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (scripts/postgres.sh start prints it)"
  ))
struct PostgresHistoryConformanceTests {
  @Test(arguments: HistoryStoreConformance.Check.allCases)
  func conformance(_ check: HistoryStoreConformance.Check) async throws {
    try await TestServer.withFreshSchema { configuration in
      try await PostgresHistory.withHistory(configuration) { store in
        try await PostgresHistory.withHistory(configuration) { reopened in
          let conformance = HistoryStoreConformance(
            makeStore: { store }, reopen: { _ in reopened },
            upgrade: { records, body in
              try await TestServer.withFreshSchema { configuration in
                try await EarlierHistoryFormat.createPostgres(configuration, records: records)
                try await PostgresHistory.withHistory(configuration) { try await body($0) }
              }
            })
          try await conformance.run(check)
        }
      }
    }
  }

  @Test(arguments: [
    HistoryStoreConformance.Check.roundTripsEveryField, .concurrentFinishesAreAllDurable,
  ])
  func smallBatchesAndPoolPassToo(_ check: HistoryStoreConformance.Check) async throws {
    try await TestServer.withFreshSchema { configuration in
      var configuration = configuration
      configuration.maxBatchSize = 7
      configuration.maximumConnections = 2
      try await PostgresHistory.withHistory(configuration) { store in
        try await HistoryStoreConformance(makeStore: { store }).run(check)
      }
    }
  }
}
