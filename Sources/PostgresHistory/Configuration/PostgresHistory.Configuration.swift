import Foundation

extension PostgresHistory {
  /// Where the history lives: server, login, database and schema, from a `postgres://` URL.
  package struct Configuration: Sendable, Hashable {
    /// How the connection is encrypted: libpq's `sslmode` values `disable`, `prefer`, `require`.
    package enum TLSMode: String, Sendable, Hashable, CaseIterable {
      case disable
      case prefer
      case require
    }

    package var host: String
    package var port: Int
    package var username: String
    /// Never shown: ``server`` and every error leave it out.
    package var password: String?
    package var database: String
    /// The schema holding the tables (created if missing); `public` by default. Lets several
    /// histories, or tests, share one database.
    package var schema: String
    package var tls: TLSMode
    /// The most connections the pool opens (each runner process has its own pool).
    package var maximumConnections: Int
    /// The most executions one group-commit transaction holds.
    package var maxBatchSize: Int
    /// How long to wait for a connection before reporting the server unreachable.
    package var connectTimeout: Duration

    package init(
      host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
      schema: String = "public", tls: TLSMode = .prefer, maximumConnections: Int = 8,
      maxBatchSize: Int = 256, connectTimeout: Duration = .seconds(10)
    ) {
      self.host = host
      self.port = port
      self.username = username
      self.password = password
      self.database = database
      self.schema = schema
      self.tls = tls
      self.maximumConnections = maximumConnections
      self.maxBatchSize = maxBatchSize
      self.connectTimeout = connectTimeout
    }

    /// Whether `location` is a PostgreSQL URL (`postgres://` or `postgresql://`) rather than a path.
    package static func isPostgresURL(_ location: String) -> Bool {
      let lower = location.lowercased()
      return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Parses `postgres://user[:password]@host[:port]/database[?sslmode=…&schema=…]`.
    ///
    /// Percent-escapes are decoded in the user, password and database. Query parameters:
    /// `sslmode` (`disable`, `prefer` (default), `require`), `schema` (default `public`),
    /// `pool_max` (connections, default 8).
    /// - Throws: ``PostgresHistoryError`` `invalidURL`; its message never contains the password.
    package init(url: String) throws {
      guard Self.isPostgresURL(url) else {
        throw PostgresHistoryError.invalidURL(
          reason: "the scheme must be 'postgres' or 'postgresql'")
      }
      guard let components = URLComponents(string: url) else {
        throw PostgresHistoryError.invalidURL(
          reason:
            "the URL cannot be parsed (is the port a number, and are '@', ':' and '/' in the user name and password percent-encoded?)"
        )
      }
      guard let host = components.host, !host.isEmpty else {
        throw PostgresHistoryError.invalidURL(reason: "the host is missing")
      }
      guard let username = components.user, !username.isEmpty else {
        throw PostgresHistoryError.invalidURL(reason: "the user name is missing")
      }
      let database = String(components.path.drop { $0 == "/" })
      guard !database.isEmpty, !database.contains("/") else {
        throw PostgresHistoryError.invalidURL(reason: "the database name is missing after the host")
      }
      let port = components.port ?? 5432
      guard (1...65_535).contains(port) else {
        throw PostgresHistoryError.invalidURL(reason: "the port \(port) is out of range")
      }
      self.init(
        host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host, port: port,
        username: username, password: components.password, database: database)
      for item in components.queryItems ?? [] {
        let value = item.value ?? ""
        switch item.name {
        case "sslmode":
          guard let mode = TLSMode(rawValue: value) else {
            throw PostgresHistoryError.invalidURL(
              reason: "unsupported sslmode '\(value)' (expected disable, prefer or require)")
          }
          tls = mode
        case "schema":
          guard Self.isValidSchemaName(value) else {
            throw PostgresHistoryError.invalidURL(
              reason: "invalid schema '\(value)' (lower-case letters, digits and '_', at most 63)")
          }
          schema = value
        case "pool_max":
          guard let count = Int(value), count > 0 else {
            throw PostgresHistoryError.invalidURL(reason: "pool_max must be a positive integer")
          }
          maximumConnections = count
        default:
          throw PostgresHistoryError.invalidURL(
            reason: "unknown parameter '\(item.name)' (expected sslmode, schema or pool_max)")
        }
      }
    }

    /// `user@host:port/database` (and the schema when not `public`): the server without the
    /// password, for messages.
    package var server: String {
      let host = self.host.contains(":") ? "[\(self.host)]" : self.host
      return "\(username)@\(host):\(port)/\(database)"
        + (schema == "public" ? "" : "?schema=\(schema)")
    }

    /// Schema names are spliced into SQL (quoted), so only plain identifiers are accepted.
    package static func isValidSchemaName(_ name: String) -> Bool {
      guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 63 else {
        return false
      }
      let lower = "abcdefghijklmnopqrstuvwxyz_"
      guard lower.unicodeScalars.contains(first) else { return false }
      return name.unicodeScalars.allSatisfy {
        lower.unicodeScalars.contains($0) || ("0"..."9").contains($0)
      }
    }
  }
}
