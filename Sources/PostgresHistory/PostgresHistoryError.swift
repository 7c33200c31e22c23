/// Why the PostgreSQL history store failed. Messages name the server as `user@host:port/database`
/// and never contain the password, bundle data or statement arguments.
package struct PostgresHistoryError: Error, Hashable, CustomStringConvertible {
  private enum Code: Hashable {
    case invalidURL(reason: String)
    case cannotConnect(server: String, reason: String)
    case newerSchema(server: String, unknownVersions: [Int])
    case database(reason: String)
    case invalidRow(executionID: String?, column: String, reason: String)
    case unstorableData(executionID: String, column: String)
    case internalInconsistency(reason: String)
  }

  private let code: Code

  private init(_ code: Code) { self.code = code }

  /// A `postgres://` URL that cannot be used (the reason never quotes the password).
  package static func invalidURL(reason: String) -> Self { Self(.invalidURL(reason: reason)) }

  /// The server could not be reached, refused the login, or the schema could not be prepared.
  package static func cannotConnect(server: String, reason: String) -> Self {
    Self(.cannotConnect(server: server, reason: reason))
  }

  /// The database was migrated by a newer sonarflow: `schema_migrations` lists versions this one
  /// does not know.
  package static func newerSchema(server: String, unknownVersions: [Int]) -> Self {
    Self(.newerSchema(server: server, unknownVersions: unknownVersions))
  }

  /// PostgreSQL reported an error (its SQLSTATE and message; statement arguments are never shown).
  package static func database(reason: String) -> Self { Self(.database(reason: reason)) }

  /// A stored row holds a value this version cannot read (such as an unknown status).
  package static func invalidRow(executionID: String?, column: String, reason: String) -> Self {
    Self(.invalidRow(executionID: executionID, column: column, reason: reason))
  }

  /// JSON bytes that a TEXT column cannot hold exactly (not UTF-8, or containing a NUL byte).
  package static func unstorableData(executionID: String, column: String) -> Self {
    Self(.unstorableData(executionID: executionID, column: column))
  }

  static func internalInconsistency(
    _ reason: String, file: String = #fileID, line: Int = #line
  )
    -> Self
  {
    Self(.internalInconsistency(reason: "\(reason) (\(file):\(line))"))
  }

  /// A stable label without associated values, for metrics and tests.
  package var shortDescription: String {
    switch code {
    case .invalidURL: "invalidURL"
    case .cannotConnect: "cannotConnect"
    case .newerSchema: "newerSchema"
    case .database: "database"
    case .invalidRow: "invalidRow"
    case .unstorableData: "unstorableData"
    case .internalInconsistency: "internalInconsistency"
    }
  }

  package var description: String {
    switch code {
    case .invalidURL(let reason):
      "invalid PostgreSQL URL: \(reason) (expected postgres://user[:password]@host[:port]/database)"
    case .cannotConnect(let server, let reason):
      "cannot open the history database 'postgres://\(server)': \(reason)"
    case .newerSchema(let server, let unknown):
      "the history database 'postgres://\(server)' was written by a newer sonarflow (unknown "
        + "migrations: \(unknown.map(String.init).joined(separator: ", "))); upgrade sonarflow or "
        + "use another database or schema"
    case .database(let reason):
      "history database error: \(reason)"
    case .invalidRow(let id, let column, let reason):
      "unreadable history row\(id.map { " for execution '\($0)'" } ?? ""), column '\(column)': \(reason)"
    case .unstorableData(let id, let column):
      "cannot store execution '\(id)': column '\(column)' is not UTF-8 text without NUL bytes"
    case .internalInconsistency(let reason):
      "internal inconsistency in the history store: \(reason)"
    }
  }
}
