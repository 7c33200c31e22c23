import Foundation

/// The PostgreSQL server the tests use: named by `SONARFLOW_TEST_POSTGRES_URL`
/// (`scripts/postgres.sh start` prints one). Without it the PostgreSQL tests are skipped, except
/// under CI, where they run and fail.
public enum TestPostgres {
  public static let url: String? = ProcessInfo.processInfo.environment["SONARFLOW_TEST_POSTGRES_URL"]
    .flatMap { $0.isEmpty ? nil : $0 }

  public static let isCI: Bool = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty

  /// Run the PostgreSQL tests: a server is configured, or CI requires one.
  public static let isEnabled = url != nil || isCI

  /// What a PostgreSQL test throws under CI when no server was started.
  public struct Missing: Error, CustomStringConvertible {
    public init() {}
    public var description: String {
      "CI is set but SONARFLOW_TEST_POSTGRES_URL is not: .ci/run must start PostgreSQL "
        + "(scripts/postgres.sh start) and export it"
    }
  }

  /// The server's URL; throws ``Missing`` when none is configured.
  public static func requireURL() throws -> String {
    guard let url else { throw Missing() }
    return url
  }
}
