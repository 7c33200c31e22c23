package import Foundation
import GRDB
package import History

/// The console's actions on incomplete executions: resume by hand (made due at once for the
/// runners' `claimDueRetries`) and delete. Neither touches an execution that is not incomplete, nor
/// one whose attempt a runner holds (`held_until` in the future): a resume asked for then would be
/// run a second time, a delete undone when the attempt records the execution.
extension SQLiteHistory {
  package func requestResume(ids: [String], at now: Date) async throws -> Int {
    try await writeIncomplete(ids: ids) { chunk, idList, db in
      try db.execute(
        sql: """
          UPDATE executions SET resume_requested_at = ?, next_attempt_at = ?
          WHERE status = 'incomplete' AND (held_until IS NULL OR held_until <= ?) AND id IN (\(idList))
          """,
        arguments: StatementArguments(
          [RecordRows.stored(now), RecordRows.stored(now), RecordRows.stored(now)]
            + chunk.map { $0 as any DatabaseValueConvertible }))
      return db.changesCount
    }
  }

  package func deleteIncomplete(ids: [String], at now: Date) async throws -> Int {
    try await writeIncomplete(ids: ids) { chunk, idList, db in
      try SearchIndex.deleteExecutions(
        where: "status = 'incomplete' AND (held_until IS NULL OR held_until <= ?) AND id IN (\(idList))",
        arguments: StatementArguments([RecordRows.stored(now)] + chunk.map { $0 as any DatabaseValueConvertible }),
        db: db)
    }
  }

  /// Runs `statement` on `ids` in one transaction, 500 at a time (under SQLite's limit on bound
  /// values), with the chunk and its placeholders; returns the sum of the rows it changed.
  private func writeIncomplete(
    ids: [String], _ statement: @escaping @Sendable (ArraySlice<String>, String, Database) throws -> Int
  ) async throws -> Int {
    guard !ids.isEmpty else { return 0 }
    return try await access {
      try await write { db in
        try stride(from: 0, to: ids.count, by: 500).reduce(0) { changed, start in
          let chunk = ids[start..<min(ids.count, start + 500)]
          return changed + (try statement(chunk, Self.placeholders(chunk.count), db))
        }
      }
    }
  }

  private static func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
  }
}

extension SQLiteHistory {
  /// Counted on `executions_by_scenario_status` (name without case, status, start): one range of
  /// the index per status, read from the index alone.
  package func executionCounts(scenario: String, since: Date) async throws -> [ExecutionStatus: Int] {
    try await access {
      try await pool.read { db in
        let statuses = ExecutionStatus.allCases.map(\.rawValue)
        let rows = try Row.fetchAll(
          db,
          sql: """
            SELECT status, COUNT(*) AS count FROM executions INDEXED BY executions_by_scenario_status
            WHERE scenario_name = ? COLLATE NOCASE AND status IN (\(Self.placeholders(statuses.count)))
              AND started_at >= ?
            GROUP BY status
            """,
          arguments: StatementArguments(
            [scenario as any DatabaseValueConvertible] + statuses.map { $0 as any DatabaseValueConvertible }
              + [RecordRows.stored(since)]))
        var counts: [ExecutionStatus: Int] = [:]
        for row in rows {
          guard let status = ExecutionStatus(rawValue: row["status"]) else { continue }
          counts[status] = row["count"]
        }
        return counts
      }
    }
  }
}
