import Foundation
package import PostgresHistory
package import PostgresNIO

/// The PostgreSQL server named by `SONARFLOW_TEST_POSTGRES_URL` (`scripts/postgres.sh start`
/// prints one). Without it the server tests are skipped, except under CI, where they run and fail.
package enum TestServer {
  package static let url = TestPostgres.url
  package static let isEnabled = TestPostgres.isEnabled
  package typealias Missing = TestPostgres.Missing

  package static func configuration() throws -> PostgresHistory.Configuration {
    guard let url else { throw Missing() }
    var configuration = try PostgresHistory.Configuration(url: url)
    // The whole suite runs in parallel (three serve processes of ScaleOutTests among it) on
    // machines shared with other builds: a first connection can take well over the 10 s default.
    configuration.connectTimeout = .seconds(60)
    return configuration
  }

  /// Runs `body` with a configuration pointing at a new, empty schema, dropped afterwards, so
  /// tests never see each other's rows.
  package static func withFreshSchema<T: Sendable>(
    _ body: (PostgresHistory.Configuration) async throws -> T
  ) async throws -> T {
    var configuration = try configuration()
    configuration.schema =
      "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let schema = configuration.schema
    do {
      let result = try await body(configuration)
      _ = try await admin(configuration) { client in
        try await client.query("DROP SCHEMA IF EXISTS \(unescaped: "\"\(schema)\"") CASCADE")
      }
      return result
    } catch {
      _ = try? await admin(configuration) { client in
        try await client.query("DROP SCHEMA IF EXISTS \(unescaped: "\"\(schema)\"") CASCADE")
      }
      throw error
    }
  }

  /// A plain postgres-nio client on the same server, for what the store does not offer (dropping a
  /// schema, faking a newer migration).
  package static func admin<T: Sendable>(
    _ configuration: PostgresHistory.Configuration, _ body: (PostgresClient) async throws -> T
  ) async throws -> T {
    let client = PostgresClient(
      configuration: PostgresClient.Configuration(
        host: configuration.host, port: configuration.port, username: configuration.username,
        password: configuration.password, database: configuration.database, tls: .disable))
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { await client.run() }
      defer { group.cancelAll() }
      return try await body(client)
    }
  }
}
