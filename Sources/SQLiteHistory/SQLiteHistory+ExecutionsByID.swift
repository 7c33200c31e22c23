import GRDB
package import History

extension SQLiteHistory {
  /// The executions with these ids with their operations, in the order given, read in one
  /// access of one reader connection (a replay's batch: one hop to the reader per batch, not per
  /// execution).
  package func executions(ids: [String]) async throws -> [ExecutionRecord?] {
    try await access {
      try await pool.read { db in try ids.map { try RecordRows.execution(id: $0, db: db) } }
    }
  }
}

extension RecordRows {
  /// The execution `id` with its operations, nil for an unknown id; through the connection's
  /// prepared statements.
  static func execution(id: String, db: Database) throws -> ExecutionRecord? {
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(sql: "SELECT \(executionColumns) FROM executions WHERE id = ?"), arguments: [id])
    else { return nil }
    var record = try execution(from: row)
    record.operationLog = try operations(executionID: record.id, db: db)
    return record
  }
}
