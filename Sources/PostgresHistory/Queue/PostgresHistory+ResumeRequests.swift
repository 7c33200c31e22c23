package import Foundation
package import History
import PostgresNIO

/// The console's actions on incomplete executions: resume by hand (made due at once for the
/// runners' `claimDueRetries`) and delete. Neither touches an execution that is not incomplete, nor
/// one whose attempt a runner holds (`held_until` in the future, set under the claim's row lock):
/// a resume asked for then would be run a second time, a delete undone when the attempt records
/// the execution.
extension PostgresHistory {
  package func requestResume(ids: [String], at now: Date) async throws -> Int {
    guard !ids.isEmpty else { return 0 }
    return try await access {
      try await self.client.withConnection { connection in
        try await Self.count(
          """
          UPDATE \(unescaped: self.schema.executions) SET resume_requested_at = \(now), next_attempt_at = \(now)
          WHERE status = 'incomplete' AND (held_until IS NULL OR held_until <= \(now)) AND id = ANY(\(ids))
          RETURNING 1
          """, connection: connection, logger: self.logger)
      }
    }
  }

  package func deleteIncomplete(ids: [String], at now: Date) async throws -> Int {
    guard !ids.isEmpty else { return 0 }
    return try await access {
      try await self.client.withConnection { connection in
        try await Self.count(
          """
          DELETE FROM \(unescaped: self.schema.executions)
          WHERE status = 'incomplete' AND (held_until IS NULL OR held_until <= \(now)) AND id = ANY(\(ids))
          RETURNING 1
          """, connection: connection, logger: self.logger)
      }
    }
  }

  /// Counted on `executions_by_scenario_status` (lower-case name, status, start): one range of
  /// the index per status.
  package func executionCounts(scenario: String, since: Date) async throws -> [ExecutionStatus: Int] {
    try await access {
      var counts: [ExecutionStatus: Int] = [:]
      let rows = try await self.client.query(
        """
        SELECT status, COUNT(*) FROM \(unescaped: self.schema.executions)
        WHERE lower(scenario_name) = lower(\(scenario))
          AND status = ANY(\(ExecutionStatus.allCases.map(\.rawValue))) AND started_at >= \(since)
        GROUP BY status
        """, logger: self.logger)
      for try await (status, count) in rows.decode((String, Int).self) {
        if let status = ExecutionStatus(rawValue: status) { counts[status] = count }
      }
      return counts
    }
  }
}
