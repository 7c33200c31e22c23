import Foundation
import History
import Logging
import PostgresHistory
import PostgresNIO
import SonarflowTesting

/// A fresh schema on the PostgreSQL server named by `SONARFLOW_TEST_POSTGRES_URL` (`scripts/postgres.sh
/// start` prints one), dropped afterwards. Without the variable the tests are skipped, except under
/// CI, where they run and fail.
struct TestDatabase: Sendable {
  static let isEnabled = TestPostgres.isEnabled

  let configuration: PostgresHistory.Configuration
  /// The URL with `schema=` set, for `sonarflow serve --db`.
  let url: String
  var quotedSchema: String { "\"\(configuration.schema)\"" }

  /// Runs `body` with a new, empty schema, dropped afterwards.
  static func withFreshSchema<T: Sendable>(_ body: (TestDatabase) async throws -> T) async throws -> T {
    let base = try TestPostgres.requireURL()
    var configuration = try PostgresHistory.Configuration(url: base)
    configuration.schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let separator = base.contains("?") ? "&" : "?"
    let database = TestDatabase(configuration: configuration, url: base + separator + "schema=\(configuration.schema)")
    let drop = "DROP SCHEMA IF EXISTS \(database.quotedSchema) CASCADE"
    do {
      let result = try await body(database)
      try await query(configuration, drop)
      return result
    } catch {
      try? await query(configuration, drop)
      throw error
    }
  }

  /// `/hooks/{name}/{secret}` with the hook's secret as the shared database holds it.
  func hookPath(_ name: String) async throws -> String {
    let secrets = try await texts("SELECT secret FROM \(quotedSchema).webhook_secrets WHERE hook = '\(name)'")
    return "/hooks/\(name)/\(secrets.first ?? "no-secret-for-this-hook")"
  }

  /// The trigger bundle JSON of every execution of `scenario` that was not interrupted (stored
  /// compressed: docs/history.md).
  func triggerBundles(scenario: String) async throws -> [String] {
    let sql = """
      SELECT coalesce(trigger_bundle, '\\x00'::bytea) FROM \(quotedSchema).executions
      WHERE scenario_name = $1 AND status <> 'interrupted'
      """
    return try await TestServer.admin(configuration) { client in
      var bundles: [String] = []
      var bindings = PostgresBindings()
      bindings.append(scenario)
      for try await stored in try await client.query(PostgresQuery(unsafeSQL: sql, binds: bindings)).decode(
        Data.self)
      {
        bundles.append(String(decoding: try StoredBundle.decode(stored), as: UTF8.self))
      }
      return bundles
    }
  }

  /// A single integer from `sql` (such as a count).
  func integer(_ sql: String) async throws -> Int {
    try await TestServer.admin(configuration) { client in
      var value = 0
      for try await found in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(Int.self) {
        value = found
      }
      return value
    }
  }

  /// The first column of every row of `sql`, as text.
  func texts(_ sql: String) async throws -> [String] {
    try await TestServer.admin(configuration) { client in
      var values: [String] = []
      for try await found in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(String.self) {
        values.append(found)
      }
      return values
    }
  }

  private static func query(_ configuration: PostgresHistory.Configuration, _ sql: String) async throws {
    _ = try await TestServer.admin(configuration) { client in
      try await client.query(PostgresQuery(unsafeSQL: sql))
    }
  }

  /// Runs `body` while a transaction of another session holds an exclusive lock on `table` of the
  /// schema (every write to it waits), then rolls the transaction back.
  func whileLocking<T: Sendable>(_ table: String, _ body: () async throws -> T) async throws -> T {
    try await TestServer.admin(configuration) { client in
      try await client.withConnection { connection in
        let logger = Logger(label: "sonarflow.test.lock")
        _ = try await connection.query("BEGIN", logger: logger)
        _ = try await connection.query(
          PostgresQuery(unsafeSQL: "LOCK TABLE \(quotedSchema).\(table) IN ACCESS EXCLUSIVE MODE"), logger: logger)
        do {
          let result = try await body()
          _ = try await connection.query("ROLLBACK", logger: logger)
          return result
        } catch {
          _ = try? await connection.query("ROLLBACK", logger: logger)
          throw error
        }
      }
    }
  }

}
