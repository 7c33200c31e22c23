import Foundation
import GRDB
import History

/// Writing and reading records as rows. Dates are GRDB's text form (`YYYY-MM-DD HH:MM:SS.SSS`,
/// UTC: millisecond precision, sorts chronologically, understood by SQLite's date functions);
/// durations are integer microseconds; bundles are BLOBs in ``StoredBundle``'s form, and TEXT in
/// rows written before migration `v11-compact-search` (the engine's bytes, cast from a blob on
/// insert), which `bundle(_:_:executionID:)` reads as they are.
enum RecordRows {
  static let executionColumns = """
    id, scenario_name, scenario_file, content_hash, trigger_module, status, started_at, \
    finished_at, operations, data_size, error_type, error_message, error_module_id, \
    error_location, trigger_bundle, parent_id, resume_state, retry_attempts, retry_limit, \
    retry_interval_ms, next_attempt_at, is_replay, resume_requested_at
    """

  /// Inserts or replaces `record`. A `running` record never overwrites a finished one, so a late
  /// `begin` cannot undo a `finish`. Operations are replaced when `withOperations` is true. A
  /// finished record removes its earlier search index entries (recomputed from the row and
  /// operations it replaces, so before they are overwritten) and adds its new ones to `index`,
  /// which the transaction writes at its end (``SearchIndex``); `is_indexed` says whether it has
  /// entries.
  static func upsert(
    _ write: StoredRecord, db: Database, withOperations: Bool, index: inout SearchIndex.Pending
  ) throws {
    let record = write.record
    let error = record.error
    // Only a finished record can replace an indexed row (a running one never overwrites a
    // finished row). It is indexed only with its operations: its entries must be exactly the terms
    // of the bundles the row and its operations hold.
    if write.searchTerms != nil { try index.remove(executionID: record.id, db: db) }
    let terms = withOperations ? write.searchTerms : nil
    let upsert = try db.cachedStatement(
      sql: """
        INSERT INTO executions (
          id, scenario_name, scenario_file, content_hash, trigger_module, status, started_at,
          finished_at, operations, data_size, error_type, error_message, error_module_id,
          error_location, trigger_bundle, parent_id, resume_state, retry_attempts, retry_limit,
          retry_interval_ms, next_attempt_at, is_replay, is_indexed, resume_requested_at, held_until)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
        ON CONFLICT(id) DO UPDATE SET
          scenario_name = excluded.scenario_name, scenario_file = excluded.scenario_file,
          content_hash = excluded.content_hash, trigger_module = excluded.trigger_module,
          status = excluded.status, started_at = excluded.started_at,
          finished_at = excluded.finished_at, operations = excluded.operations,
          data_size = excluded.data_size, error_type = excluded.error_type,
          error_message = excluded.error_message, error_module_id = excluded.error_module_id,
          error_location = excluded.error_location, trigger_bundle = excluded.trigger_bundle,
          parent_id = excluded.parent_id, resume_state = excluded.resume_state,
          retry_attempts = excluded.retry_attempts, retry_limit = excluded.retry_limit,
          retry_interval_ms = excluded.retry_interval_ms, next_attempt_at = excluded.next_attempt_at,
          is_replay = excluded.is_replay, is_indexed = excluded.is_indexed,
          resume_requested_at = excluded.resume_requested_at, held_until = NULL
        WHERE excluded.status != 'running' OR executions.status = 'running'
        RETURNING seq
        """)
    let seq = try Int64.fetchOne(
      upsert,
      arguments: [
        record.id, record.scenarioName, record.scenarioFile, record.contentHash, record.trigger,
        record.status.rawValue, stored(record.startedAt), record.finishedAt.map(stored), record.operations,
        record.dataSize, error?.type, error?.message, error?.moduleID, error?.location,
        record.triggerBundle, record.parentID, record.resumeState, record.retry?.attempts, record.retry?.limit,
        record.retry?.intervalMilliseconds, record.nextAttemptDue.map(stored), record.isReplay,
        !(terms?.isEmpty ?? true), record.resumeRequestedAt.map(stored),
      ])
    if let seq, let terms { index.add(terms, seq: seq) }
    guard withOperations else { return }
    try db.cachedStatement(sql: "DELETE FROM operations WHERE execution_id = ?")
      .execute(arguments: [record.id])
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO operations (
          execution_id, position, sequence, module_id, module_name, input, output, error_type,
          error_message, error_module_id, error_location, filtered, duration_us, exchanges)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    for (position, operation) in record.operationLog.enumerated() {
      let error = operation.error
      try insert.execute(arguments: [
        record.id, position, operation.sequence, operation.moduleID, operation.moduleName,
        operation.input, operation.output, error?.type, error?.message, error?.moduleID,
        error?.location, operation.isFiltered, operation.durationMicroseconds, operation.exchanges,
      ])
    }
  }

  /// A date bound in GRDB's text form, written by ``StoredDate`` where it can.
  static func stored(_ date: Date) -> any DatabaseValueConvertible {
    StoredDate.text(date) ?? date
  }

  static func execution(from row: Row) throws -> ExecutionRecord {
    let id: String = try decode(row, "id", executionID: nil)
    let statusText: String = try decode(row, "status", executionID: id)
    guard let status = ExecutionStatus(rawValue: statusText) else {
      throw SQLiteHistoryError.invalidRow(
        executionID: id, column: "status", reason: "unknown status '\(statusText)'")
    }
    return ExecutionRecord(
      id: id,
      scenarioName: try decode(row, "scenario_name", executionID: id),
      scenarioFile: try decode(row, "scenario_file", executionID: id),
      contentHash: try decode(row, "content_hash", executionID: id),
      trigger: try decode(row, "trigger_module", executionID: id),
      status: status,
      startedAt: try decode(row, "started_at", executionID: id),
      finishedAt: try decode(row, "finished_at", executionID: id),
      operations: try decode(row, "operations", executionID: id),
      dataSize: try decode(row, "data_size", executionID: id),
      error: try errorRecord(from: row, executionID: id),
      triggerBundle: try bundle(row, "trigger_bundle", executionID: id),
      parentID: try decode(row, "parent_id", executionID: id),
      isReplay: try decode(row, "is_replay", executionID: id),
      resumeState: try bundle(row, "resume_state", executionID: id),
      retry: try retrySchedule(from: row, executionID: id),
      resumeRequestedAt: try decode(row, "resume_requested_at", executionID: id)
    )
  }

  static func operations(executionID: String, db: Database) throws -> [OperationRecord] {
    let rows = try Row.fetchCursor(
      db.cachedStatement(
        sql: """
          SELECT sequence, module_id, module_name, input, output, error_type, error_message,
            error_module_id, error_location, filtered, duration_us, exchanges
          FROM operations WHERE execution_id = ? ORDER BY position
          """),
      arguments: [executionID])
    var operations: [OperationRecord] = []
    while let row = try rows.next() {
      let microseconds: Int64 = try decode(row, "duration_us", executionID: executionID)
      operations.append(
        OperationRecord(
          sequence: try decode(row, "sequence", executionID: executionID),
          moduleID: try decode(row, "module_id", executionID: executionID),
          moduleName: try decode(row, "module_name", executionID: executionID),
          input: try bundle(row, "input", executionID: executionID),
          output: try bundle(row, "output", executionID: executionID),
          error: try errorRecord(from: row, executionID: executionID),
          isFiltered: try decode(row, "filtered", executionID: executionID),
          duration: .microseconds(microseconds),
          exchanges: try bundle(row, "exchanges", executionID: executionID)
        ))
    }
    return operations
  }

  /// A bundle column: a BLOB in ``StoredBundle``'s form, or TEXT written before it (the bytes as
  /// they are), or NULL.
  static func bundle(_ row: Row, _ column: String, executionID: String) throws -> Data? {
    let value: DatabaseValue = row[column]
    switch value.storage {
    case .null: return nil
    case .blob(let data):
      do {
        return try StoredBundle.decode(data)
      } catch {
        throw SQLiteHistoryError.invalidRow(executionID: executionID, column: column, reason: error.reason)
      }
    case .string(let text): return Data(text.utf8)
    case .int64, .double:
      throw SQLiteHistoryError.invalidRow(executionID: executionID, column: column, reason: "not a bundle")
    }
  }

  private static func retrySchedule(from row: Row, executionID: String) throws -> RetrySchedule? {
    guard let limit: Int = try decode(row, "retry_limit", executionID: executionID) else { return nil }
    return RetrySchedule(
      attempts: try decode(row, "retry_attempts", executionID: executionID) ?? 0, limit: limit,
      intervalMilliseconds: try decode(row, "retry_interval_ms", executionID: executionID),
      nextAttemptAt: try decode(row, "next_attempt_at", executionID: executionID))
  }

  private static func errorRecord(from row: Row, executionID: String) throws -> ErrorRecord? {
    guard let type: String = try decode(row, "error_type", executionID: executionID) else {
      return nil
    }
    return ErrorRecord(
      type: type,
      message: try decode(row, "error_message", executionID: executionID) ?? "",
      moduleID: try decode(row, "error_module_id", executionID: executionID),
      location: try decode(row, "error_location", executionID: executionID)
    )
  }

  private static func decode<Value: DatabaseValueConvertible>(
    _ row: Row, _ column: String, executionID: String?
  ) throws -> Value {
    do {
      return try row.decode(Value.self, forColumn: column)
    } catch {
      throw SQLiteHistoryError.invalidRow(
        executionID: executionID, column: column, reason: "cannot read it as \(Value.self)")
    }
  }
}
