package import Foundation
import GRDB
package import History
package import PostgresHistory
import PostgresNIO
import SQLiteHistory

/// Databases as sonarflow left them before bundles were compressed and indexed (SQLite schema up
/// to `v10-replays`, PostgreSQL up to version 10), with records written the way that sonarflow
/// wrote them: bundles as TEXT holding the engine's bytes. For the upgrade checks of
/// ``HistoryStoreConformance``. Also the SQLite file before executions stopped keeping their term
/// hashes (`v12-resume-requests`). The statements are those versions', kept here as a fixture.
package enum EarlierHistoryFormat {
  /// Creates the SQLite file at `path` with the v10 schema and `records` in it.
  package static func createSQLite(path: String, records: [ExecutionRecord]) throws {
    try SQLiteHistory.createFile(path: path, migratedUpTo: "v10-replays")
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      for record in records { try insertSQLite(record, bundlesAsText: true, searchTerms: nil, db: db) }
    }
  }

  /// Creates the SQLite file at `path` with the v12 schema (`v12-resume-requests`) and `records`
  /// in it as that sonarflow finished them: bundles in ``StoredBundle``'s form and, for each
  /// finished execution with terms, its term hashes packed in `search_terms` and its entries in
  /// `execution_search`. `indexedTerms` replaces the terms of the executions it names, both
  /// packed and indexed (an index built by a term extraction other than today's).
  package static func createSQLiteAtV12(
    path: String, records: [ExecutionRecord], indexedTerms: [String: [Int64]] = [:]
  ) throws {
    try SQLiteHistory.createFile(path: path, migratedUpTo: "v12-resume-requests")
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      for execution in records {
        let stored = StoredRecord(execution)
        let terms = indexedTerms[execution.id] ?? stored.searchTerms
        try insertSQLite(stored.record, bundlesAsText: false, searchTerms: .some(terms.map(SearchIndex.packed)), db: db)
        if let terms, !terms.isEmpty {
          try db.execute(
            sql: "INSERT INTO execution_search (rowid, terms) VALUES (?, ?)",
            arguments: [
              try Int64.fetchOne(db, sql: "SELECT seq FROM executions WHERE id = ?", arguments: [execution.id]),
              SearchIndex.text(terms),
            ])
        }
      }
    }
  }

  /// An execution and its operations as the v10 schema held them (`bundlesAsText`, `searchTerms`
  /// nil: no such column) or the v12 one (stored bundles, packed term hashes).
  private static func insertSQLite(
    _ record: ExecutionRecord, bundlesAsText: Bool, searchTerms: Data??, db: Database
  ) throws {
    let bundle = bundlesAsText ? "CAST(? AS TEXT)" : "?"
    let error = record.error
    var arguments: StatementArguments = [
      record.id, record.scenarioName, record.scenarioFile, record.contentHash, record.trigger,
      record.status.rawValue, record.startedAt, record.finishedAt, record.operations,
      record.dataSize, error?.type, error?.message, error?.moduleID, error?.location,
      record.triggerBundle, record.parentID, record.resumeState, record.retry?.attempts,
      record.retry?.limit, record.retry?.intervalMilliseconds, record.retry?.nextAttemptAt,
      record.isReplay,
    ]
    if let searchTerms { arguments += [searchTerms] }
    try db.execute(
      sql: """
        INSERT INTO executions (
          id, scenario_name, scenario_file, content_hash, trigger_module, status, started_at,
          finished_at, operations, data_size, error_type, error_message, error_module_id,
          error_location, trigger_bundle, parent_id, resume_state, retry_attempts, retry_limit,
          retry_interval_ms, next_attempt_at, is_replay\(searchTerms == nil ? "" : ", search_terms"))
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(bundle), ?, \(bundle), ?, ?, ?, ?, ?\(
          searchTerms == nil ? "" : ", ?"))
        """,
      arguments: arguments)
    for (position, operation) in record.operationLog.enumerated() {
      let error = operation.error
      try db.execute(
        sql: """
          INSERT INTO operations (
            execution_id, position, sequence, module_id, module_name, input, output, error_type,
            error_message, error_module_id, error_location, filtered, duration_us, exchanges)
          VALUES (?, ?, ?, ?, ?, \(bundle), \(bundle), ?, ?, ?, ?, ?, ?, \(bundle))
          """,
        arguments: [
          record.id, position, operation.sequence, operation.moduleID, operation.moduleName,
          operation.input, operation.output, error?.type, error?.message, error?.moduleID,
          error?.location, operation.isFiltered, operation.durationMicroseconds, operation.exchanges,
        ])
    }
  }

  /// Migrates the (empty) schema of `configuration` up to version 10 and writes `records` there.
  package static func createPostgres(
    _ configuration: PostgresHistory.Configuration, records: [ExecutionRecord]
  ) async throws {
    let history = PostgresHistory(configuration: configuration)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await history.run() }
      defer { group.cancelAll() }
      try await history.migrate(upTo: 10)
    }
    let schema = "\"\(configuration.schema)\""
    try await TestServer.admin(configuration) { client in
      func text(_ data: Data?) -> String? { data.map { String(decoding: $0, as: UTF8.self) } }
      for record in records {
        let error = record.error
        try await client.query(
          """
          INSERT INTO \(unescaped: schema).executions (
            id, scenario_name, scenario_file, content_hash, trigger_module, status, started_at,
            finished_at, operations, data_size, error_type, error_message, error_module_id,
            error_location, trigger_bundle, parent_id, resume_state, retry_attempts, retry_limit,
            retry_interval_ms, next_attempt_at, is_replay)
          VALUES (\(record.id), \(record.scenarioName), \(record.scenarioFile), \(record.contentHash),
            \(record.trigger), \(record.status.rawValue), \(record.startedAt), \(record.finishedAt),
            \(record.operations), \(record.dataSize), \(error?.type), \(error?.message),
            \(error?.moduleID), \(error?.location), \(text(record.triggerBundle)), \(record.parentID),
            \(text(record.resumeState)), \(record.retry?.attempts), \(record.retry?.limit),
            \(record.retry?.intervalMilliseconds), \(record.retry?.nextAttemptAt), \(record.isReplay))
          """)
        for (position, operation) in record.operationLog.enumerated() {
          let error = operation.error
          try await client.query(
            """
            INSERT INTO \(unescaped: schema).operations (
              execution_id, position, sequence, module_id, module_name, input, output, error_type,
              error_message, error_module_id, error_location, filtered, duration_us, exchanges)
            VALUES (\(record.id), \(position), \(operation.sequence), \(operation.moduleID),
              \(operation.moduleName), \(text(operation.input)), \(text(operation.output)),
              \(error?.type), \(error?.message), \(error?.moduleID), \(error?.location),
              \(operation.isFiltered), \(operation.durationMicroseconds), \(text(operation.exchanges)))
            """)
        }
      }
    }
  }
}
