import PostgresHistory
import Testing

@Suite struct PostgresHistoryConfigurationTests {
  @Test func parsesEveryPart() throws {
    let configuration = try PostgresHistory.Configuration(
      url:
        "postgresql://sonar%40ops:p%3Ass@db.example:6543/history?sslmode=disable&schema=runner_a&pool_max=4"
    )
    #expect(configuration.username == "sonar@ops")
    #expect(configuration.password == "p:ss")
    #expect(configuration.host == "db.example")
    #expect(configuration.port == 6543)
    #expect(configuration.database == "history")
    #expect(configuration.tls == .disable)
    #expect(configuration.schema == "runner_a")
    #expect(configuration.maximumConnections == 4)
    #expect(configuration.server == "sonar@ops@db.example:6543/history?schema=runner_a")
  }

  @Test func defaults() throws {
    let configuration = try PostgresHistory.Configuration(
      url: "postgres://postgres@127.0.0.1/sonarflow")
    #expect(configuration.port == 5432)
    #expect(configuration.password == nil)
    #expect(configuration.tls == .prefer)
    #expect(configuration.schema == "public")
    #expect(configuration.server == "postgres@127.0.0.1:5432/sonarflow")
  }

  @Test(arguments: [
    ("postgres://:s3cr3t-pw@host/db", "the user name is missing"),
    ("postgres://user:s3cr3t-pw@/db", "the host is missing"),
    ("postgres://user:s3cr3t-pw@host", "the database name is missing after the host"),
    ("postgres://user:s3cr3t-pw@host/", "the database name is missing after the host"),
    ("postgres://user:s3cr3t-pw@host:99999/db", "the port 99999 is out of range"),
    (
      "postgres://user:s3cr3t-pw@host:port/db",
      "the URL cannot be parsed (is the port a number, and are '@', ':' and '/' in the user name and password percent-encoded?)"
    ),
    ("postgres://user:s3cr3t-pw@host:0/db", "the port 0 is out of range"),
    (
      "postgres://user:s3cr3t-pw@host/db?sslmode=verify-full",
      "unsupported sslmode 'verify-full' (expected disable, prefer or require)"
    ),
    (
      "postgres://user:s3cr3t-pw@host/db?schema=Bad-Name",
      "invalid schema 'Bad-Name' (lower-case letters, digits and '_', at most 63)"
    ),
    (
      "postgres://user:s3cr3t-pw@host/db?password=x",
      "unknown parameter 'password' (expected sslmode, schema or pool_max)"
    ),
    ("mysql://user:s3cr3t-pw@host/db", "the scheme must be 'postgres' or 'postgresql'"),
  ])
  func badURLIsAClearErrorWithoutThePassword(url: String, reason: String) {
    let error = #expect(throws: PostgresHistoryError.self) {
      try PostgresHistory.Configuration(url: url)
    }
    #expect(error?.shortDescription == "invalidURL")
    #expect(
      error?.description
        == "invalid PostgreSQL URL: \(reason) (expected postgres://user[:password]@host[:port]/database)"
    )
    #expect(error?.description.contains("s3cr3t") == false)
  }

  @Test(arguments: ["postgres://u@h/d", "POSTGRESQL://u@h/d"])
  func recognisesPostgresURLs(url: String) {
    #expect(PostgresHistory.Configuration.isPostgresURL(url))
  }

  @Test(arguments: ["./sonarflow.sqlite", "/var/lib/postgres.sqlite", "postgres.sqlite"])
  func pathsAreNotPostgresURLs(path: String) {
    #expect(!PostgresHistory.Configuration.isPostgresURL(path))
  }
}
