/// Why the SQLite history store failed. Messages never contain bundle data or statement arguments.
package struct SQLiteHistoryError: Error, Hashable, CustomStringConvertible {
  private enum Code: Hashable {
    case cannotOpen(path: String, reason: String)
    case noSuchFile(path: String)
    case newerSchema(path: String, unknownMigrations: [String])
    case database(reason: String)
    case invalidRow(executionID: String?, column: String, reason: String)
    case internalInconsistency(reason: String)
    case alreadyServed(path: String, processID: Int32?)
    case failedIntegrityCheck(path: String, findings: [String])
  }

  private let code: Code

  private init(_ code: Code) { self.code = code }

  /// The file could not be opened as an SQLite database.
  package static func cannotOpen(path: String, reason: String) -> Self {
    Self(.cannotOpen(path: path, reason: reason))
  }

  /// A read-only command was given a file that does not exist (it never creates one).
  package static func noSuchFile(path: String) -> Self { Self(.noSuchFile(path: path)) }

  /// The database was migrated by a newer sonarflow: it has migrations this version does not know.
  package static func newerSchema(path: String, unknownMigrations: [String]) -> Self {
    Self(.newerSchema(path: path, unknownMigrations: unknownMigrations))
  }

  /// SQLite reported an error (the reason is GRDB's, which omits statement arguments).
  package static func database(reason: String) -> Self { Self(.database(reason: reason)) }

  /// A stored row holds a value this version cannot read (such as an unknown status).
  package static func invalidRow(executionID: String?, column: String, reason: String) -> Self {
    Self(.invalidRow(executionID: executionID, column: column, reason: reason))
  }

  /// Another `sonarflow serve` runs on the file (a SQLite history has a single runner).
  package static func alreadyServed(path: String, processID: Int32?) -> Self {
    Self(.alreadyServed(path: path, processID: processID))
  }

  /// `PRAGMA quick_check` found the file damaged.
  package static func failedIntegrityCheck(path: String, findings: [String]) -> Self {
    Self(.failedIntegrityCheck(path: path, findings: findings))
  }

  static func internalInconsistency(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
    Self(.internalInconsistency(reason: "\(reason) (\(file):\(line))"))
  }

  /// A stable label without associated values, for metrics and tests.
  package var shortDescription: String {
    switch code {
    case .cannotOpen: "cannotOpen"
    case .noSuchFile: "noSuchFile"
    case .newerSchema: "newerSchema"
    case .database: "database"
    case .invalidRow: "invalidRow"
    case .internalInconsistency: "internalInconsistency"
    case .alreadyServed: "alreadyServed"
    case .failedIntegrityCheck: "failedIntegrityCheck"
    }
  }

  package var description: String {
    switch code {
    case .cannotOpen(let path, let reason):
      "cannot open the history database '\(path)': \(reason)"
    case .noSuchFile(let path):
      "no history database '\(path)': nothing has been recorded there (check --db or SONARFLOW_DB)"
    case .newerSchema(let path, let unknown):
      "the history database '\(path)' was written by a newer sonarflow (unknown migrations: "
        + "\(unknown.joined(separator: ", "))); upgrade sonarflow or use another --db file"
    case .database(let reason):
      "history database error: \(reason)"
    case .invalidRow(let id, let column, let reason):
      "unreadable history row\(id.map { " for execution '\($0)'" } ?? ""), column '\(column)': \(reason)"
    case .internalInconsistency(let reason):
      "internal inconsistency in the history store: \(reason)"
    case .alreadyServed(let path, let processID):
      "another sonarflow serve\(processID.map { " (process \($0))" } ?? "") is already running on '\(path)': a SQLite "
        + "history has one server, whose workers run every queued delivery; stop it, give this one another --db "
        + "file, or run several servers on one postgres:// database (docs/scale-out.md)"
    case .failedIntegrityCheck(let path, let findings):
      "the history database '\(path)' is damaged (PRAGMA quick_check: "
        + "\(findings.prefix(3).joined(separator: "; "))\(findings.count > 3 ? "; …" : "")); restore it from a backup, "
        + "or try 'sqlite3 \(path) .recover', and start again (docs/history.md)"
    }
  }
}
