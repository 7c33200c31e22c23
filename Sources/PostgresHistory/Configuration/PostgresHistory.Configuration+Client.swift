package import PostgresNIO

extension PostgresHistory.Configuration {
  /// The postgres-nio client configuration for this server: address, role, database and TLS as
  /// the URL says. The store adds its pool options; the benchmarks' raw-SQL clients use it as is.
  package var clientConfiguration: PostgresClient.Configuration {
    let tls: PostgresClient.Configuration.TLS =
      switch self.tls {
      case .disable: .disable
      case .prefer: .prefer(.makeClientConfiguration())
      case .require: .require(.makeClientConfiguration())
      }
    return PostgresClient.Configuration(
      host: host, port: port, username: username, password: password, database: database, tls: tls)
  }
}
