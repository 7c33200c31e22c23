import Foundation
import History
import PostgresHistory
import PostgresNIO
import SonarflowTesting
import Testing

/// What only the PostgreSQL store has: migrations, the server connection, its errors.
@Suite(
  .enabled(
    if: TestServer.isEnabled,
    "SONARFLOW_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (scripts/postgres.sh start prints it)"
  ))
struct PostgresHistoryTests {
  @Test func migrationsRunOnce() async throws {
    try await TestServer.withFreshSchema { configuration in
      let first = try await PostgresHistory.withHistory(configuration) { store in
        try await store.appliedMigrations()
      }
      #expect(first == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
      let second = PostgresHistory(configuration: configuration)
      let (appliedNow, applied) = try await withThrowingTaskGroup(of: Void.self) { group throws in
        group.addTask { try await second.run() }
        defer { group.cancelAll() }
        return (try await second.migrate(), try await second.appliedMigrations())
      }
      #expect(appliedNow == [])
      #expect(applied == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    }
  }

  /// A schema an earlier sonarflow migrated (up to version 2) gains only what it lacks.
  @Test func anEarlierSchemaIsUpgraded() async throws {
    try await TestServer.withFreshSchema { configuration in
      // As an earlier version left it: migrations 1 to 3.
      let earlier = PostgresHistory(configuration: configuration)
      let migrated = try await withThrowingTaskGroup(of: Void.self) { group throws in
        group.addTask { try await earlier.run() }
        defer { group.cancelAll() }
        return try await earlier.migrate(upTo: 3)
      }
      #expect(migrated == [1, 2, 3])
      let store = PostgresHistory(configuration: configuration)
      let (appliedNow, applied) = try await withThrowingTaskGroup(of: Void.self) { group throws in
        group.addTask { try await store.run() }
        defer { group.cancelAll() }
        return (try await store.migrate(), try await store.appliedMigrations())
      }
      #expect(appliedNow == [4, 5, 6, 7, 8, 9, 10, 11, 12])
      #expect(applied == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    }
  }

  @Test func concurrentOpensMigrateOnce() async throws {
    try await TestServer.withFreshSchema { configuration in
      try await withThrowingTaskGroup(of: [Int].self) { group in
        for _ in 0..<4 {
          group.addTask {
            try await PostgresHistory.withHistory(configuration) {
              try await $0.appliedMigrations()
            }
          }
        }
        for try await applied in group { #expect(applied == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) }
      }
    }
  }

  @Test func newerSchemaIsAClearError() async throws {
    try await TestServer.withFreshSchema { configuration in
      try await PostgresHistory.withHistory(configuration) { _ in }
      let table = "\"\(configuration.schema)\".schema_migrations"
      _ = try await TestServer.admin(configuration) { client in
        try await client.query(
          "INSERT INTO \(unescaped: table) (version, name) VALUES (99, 'from-the-future')")
      }
      let error = await #expect(throws: PostgresHistoryError.self) {
        try await PostgresHistory.withHistory(configuration) { _ in }
      }
      #expect(error?.shortDescription == "newerSchema")
      #expect(
        error?.description
          == "the history database 'postgres://\(configuration.server)' was written by a newer "
          + "sonarflow (unknown migrations: 99); upgrade sonarflow or use another database or schema"
      )
    }
  }

  /// The server ends the pool's sessions (a restart, an administrator, an idle timeout): the next
  /// writes and reads get new connections and succeed, after at most a failed attempt each.
  @Test(.timeLimit(.minutes(1))) func sessionsTheServerEndsAreReplaced() async throws {
    try await TestServer.withFreshSchema { configuration in
      try await PostgresHistory.withHistory(configuration) { store in
        try await store.finish(HistoryStoreConformance.sampleRecord(id: "before"))
        #expect(try await store.execution(id: "before") != nil)
        let schema = configuration.schema
        let ended = try await TestServer.admin(configuration) { client in
          let rows = try await client.query(
            """
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE pid <> pg_backend_pid() AND application_name = 'sonarflow'
              AND position(\(schema) in query) > 0
            """)
          var count = 0
          for try await _ in rows { count += 1 }
          return count
        }
        #expect(ended > 0)
        // A query can still go out on a session the server is ending (the client learns of the end
        // when the socket closes): the pool must have replaced them within a few seconds.
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        var written = false
        while !written, ContinuousClock.now < deadline {
          written = (try? await store.finish(HistoryStoreConformance.sampleRecord(id: "after"))) != nil
          if !written { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(written)
        var read: ExecutionRecord?
        while read == nil, ContinuousClock.now < deadline {
          read = try? await store.execution(id: "after")
          if read == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(read != nil)
      }
    }
  }

  @Test func finishIsCommittedWithSynchronousCommitOn() async throws {
    try await TestServer.withFreshSchema { configuration in
      try await PostgresHistory.withHistory(configuration) { store in
        let setting = try await store.synchronousCommit()
        #expect(setting == "on")
      }
    }
  }

  /// Bundles are BYTEA since version 11: bytes TEXT could not hold (NUL, not UTF-8) are kept.
  @Test func bytesATextColumnCouldNotHoldAreKept() async throws {
    try await TestServer.withFreshSchema { configuration in
      try await PostgresHistory.withHistory(configuration) { store in
        var record = HistoryStoreConformance.sampleRecord(id: "binary")
        record.operationLog[0].input = Data([0x7B, 0x00, 0x7D])
        record.triggerBundle = Data([0xFF, 0xFE, 0x00])
        try await store.finish(record)
        let read = try await store.execution(id: "binary")
        #expect(read?.operationLog[0].input == record.operationLog[0].input)
        #expect(read?.triggerBundle == record.triggerBundle)
      }
    }
  }

  @Test func theSameExecutionFinishedConcurrentlyKeepsOneSetOfOperations() async throws {
    try await TestServer.withFreshSchema { configuration in
      try await PostgresHistory.withHistory(configuration) { store in
        var sample = HistoryStoreConformance.sampleRecord(
          id: "twice", status: .success, operations: 3)
        // Whole microseconds, what the store keeps, so the logs compare equal.
        for index in sample.operationLog.indices {
          sample.operationLog[index].duration = .microseconds(100 * index + 7)
        }
        let record = sample
        // Several finishes of one id may share a batch: its multi-row INSERT then fails on the
        // primary key and each write is retried alone; every caller must still succeed.
        try await withThrowingTaskGroup(of: Void.self) { group in
          for _ in 0..<16 { group.addTask { try await store.finish(record) } }
          try await group.waitForAll()
        }
        let stored = try await store.execution(id: "twice")
        #expect(stored?.operationLog == record.operationLog)
      }
    }
  }

  @Test func wrongPasswordIsAClearErrorWithoutThePassword() async throws {
    var configuration = try TestServer.configuration()
    configuration.username = "no_such_role_\(UUID().uuidString.prefix(8).lowercased())"
    configuration.password = "pa55-w0rd-xyz"
    configuration.connectTimeout = .seconds(3)
    let error = await #expect(throws: PostgresHistoryError.self) {
      try await PostgresHistory.withHistory(configuration) { _ in }
    }
    #expect(error?.shortDescription == "cannotConnect")
    #expect(error?.description.contains(configuration.username) == true)
    #expect(error?.description.contains("pa55-w0rd-xyz") == false)
  }
}

/// No server needed: these run everywhere.
@Suite struct PostgresHistoryConnectionErrorTests {
  @Test func unreachableServerIsAClearErrorWithoutThePassword() async throws {
    var configuration = try PostgresHistory.Configuration(
      url: "postgres://sonar:hunter2-secret@127.0.0.1:1/history?sslmode=disable")
    configuration.connectTimeout = .seconds(1)
    let error = await #expect(throws: PostgresHistoryError.self) {
      try await PostgresHistory.withHistory(configuration) { _ in }
    }
    #expect(error?.shortDescription == "cannotConnect")
    let message = error?.description ?? ""
    #expect(
      message.hasPrefix("cannot open the history database 'postgres://sonar@127.0.0.1:1/history': ")
    )
    #expect(!message.contains("hunter2"))
  }
}
