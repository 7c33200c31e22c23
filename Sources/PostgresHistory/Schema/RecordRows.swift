import Foundation
import History
import Logging
import PostgresNIO

/// Writing and reading records as rows. Dates are TIMESTAMPTZ (microsecond precision); durations
/// integer microseconds; bundles are BYTEA in ``StoredBundle``'s form (version 11 turned the
/// TEXT of earlier rows into its "as they are" form) and read back as the engine's bytes.
struct RecordRows: Sendable {
  static let executionColumns = """
    id, scenario_name, scenario_file, content_hash, trigger_module, status, started_at, \
    finished_at, operations, data_size, error_type, error_message, error_module_id, \
    error_location, trigger_bundle, parent_id, resume_state, retry_attempts, retry_limit, \
    retry_interval_ms, next_attempt_at, is_replay, resume_requested_at
    """

  let schema: PostgresSchema

  /// Inserts or replaces `record`'s row, not its operations. A `running` record never overwrites a
  /// finished one, so a late `begin` cannot undo a `finish`.
  func upsert(
    _ write: StoredRecord, connection: PostgresConnection, logger: Logger
  )
    async throws
  {
    let record = write.record
    let error = record.error
    let triggerBundle = record.triggerBundle
    let resumeState = record.resumeState
    let searchTerms = write.searchTerms
    let upsert: PostgresQuery = try """
    INSERT INTO \(unescaped: schema.executions) AS e (
      id, scenario_name, scenario_file, content_hash, trigger_module, status, started_at,
      finished_at, operations, data_size, error_type, error_message, error_module_id,
      error_location, trigger_bundle, parent_id, resume_state, retry_attempts, retry_limit,
      retry_interval_ms, next_attempt_at, is_replay, search_terms, resume_requested_at, held_until)
    VALUES (\(record.id), \(record.scenarioName), \(record.scenarioFile), \(record.contentHash),
      \(record.trigger), \(record.status.rawValue), \(record.startedAt), \(record.finishedAt),
      \(record.operations), \(record.dataSize), \(error?.type), \(error?.message),
      \(error?.moduleID), \(error?.location), \(triggerBundle), \(record.parentID), \(resumeState),
      \(record.retry?.attempts), \(record.retry?.limit), \(record.retry?.intervalMilliseconds),
      \(record.nextAttemptDue), \(record.isReplay), \(searchTerms), \(record.resumeRequestedAt), NULL)
    ON CONFLICT (id) DO UPDATE SET
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
      is_replay = excluded.is_replay, search_terms = excluded.search_terms,
      resume_requested_at = excluded.resume_requested_at, held_until = NULL
    WHERE excluded.status <> 'running' OR e.status = 'running'
    """
    try await connection.query(upsert, logger: logger)
  }

  /// Replaces the operations of every record (finished ones) with their `operationLog`: one
  /// DELETE and one multi-row INSERT per 4,000 operations, rather than a round trip per row.
  /// The same execution twice in `records` makes the INSERT fail on the primary key; the group
  /// commit then retries each write alone.
  func replaceOperations(
    of records: [ExecutionRecord], connection: PostgresConnection, logger: Logger
  ) async throws {
    guard !records.isEmpty else { return }
    try await connection.query(
      "DELETE FROM \(unescaped: schema.operations) WHERE execution_id = ANY(\(records.map(\.id)))",
      logger: logger)
    let columns = 14
    // PostgreSQL takes at most 65,535 parameters per statement.
    let rowsPerStatement = 4_000
    var bindings = PostgresBindings(capacity: rowsPerStatement * columns)
    var values: [String] = []
    func flush() async throws {
      guard !values.isEmpty else { return }
      let sql = """
        INSERT INTO \(schema.operations) (
          execution_id, position, sequence, module_id, module_name, input, output, error_type,
          error_message, error_module_id, error_location, filtered, duration_us, exchanges)
        VALUES \(values.joined(separator: ", "))
        """
      try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
      bindings = PostgresBindings(capacity: rowsPerStatement * columns)
      values = []
    }
    for record in records {
      for (position, operation) in record.operationLog.enumerated() {
        let error = operation.error
        let first = bindings.count + 1
        bindings.append(record.id)
        bindings.append(position)
        bindings.append(operation.sequence)
        bindings.append(operation.moduleID)
        bindings.append(operation.moduleName)
        try bindings.append(operation.input)
        try bindings.append(operation.output)
        bindings.append(error?.type)
        bindings.append(error?.message)
        bindings.append(error?.moduleID)
        bindings.append(error?.location)
        bindings.append(operation.isFiltered)
        bindings.append(operation.durationMicroseconds)
        try bindings.append(operation.exchanges)
        values.append(
          "(" + (first..<first + columns).map { "$\($0)" }.joined(separator: ", ") + ")")
        if values.count == rowsPerStatement { try await flush() }
      }
    }
    try await flush()
  }

  static func execution(from row: PostgresRow) throws -> ExecutionRecord {
    let row = row.makeRandomAccess()
    let id = try decode(row, "id", as: String.self, executionID: nil)
    let statusText = try decode(row, "status", as: String.self, executionID: id)
    guard let status = ExecutionStatus(rawValue: statusText) else {
      throw PostgresHistoryError.invalidRow(
        executionID: id, column: "status", reason: "unknown status '\(statusText)'")
    }
    return ExecutionRecord(
      id: id,
      scenarioName: try decode(row, "scenario_name", as: String.self, executionID: id),
      scenarioFile: try decode(row, "scenario_file", as: String.self, executionID: id),
      contentHash: try decode(row, "content_hash", as: String.self, executionID: id),
      trigger: try decode(row, "trigger_module", as: String.self, executionID: id),
      status: status,
      startedAt: try decode(row, "started_at", as: Date.self, executionID: id),
      finishedAt: try decode(row, "finished_at", as: Date?.self, executionID: id),
      operations: try decode(row, "operations", as: Int.self, executionID: id),
      dataSize: try decode(row, "data_size", as: Int.self, executionID: id),
      error: try errorRecord(from: row, executionID: id),
      triggerBundle: try bundle(row, "trigger_bundle", executionID: id),
      parentID: try decode(row, "parent_id", as: String?.self, executionID: id),
      isReplay: try decode(row, "is_replay", as: Bool.self, executionID: id),
      resumeState: try bundle(row, "resume_state", executionID: id),
      retry: try decode(row, "retry_limit", as: Int?.self, executionID: id).map { limit in
        RetrySchedule(
          attempts: try decode(row, "retry_attempts", as: Int?.self, executionID: id) ?? 0, limit: limit,
          intervalMilliseconds: try decode(row, "retry_interval_ms", as: Int64?.self, executionID: id),
          nextAttemptAt: try decode(row, "next_attempt_at", as: Date?.self, executionID: id))
      },
      resumeRequestedAt: try decode(row, "resume_requested_at", as: Date?.self, executionID: id)
    )
  }

  func operations(
    executionID: String, connection: PostgresConnection, logger: Logger
  ) async throws -> [OperationRecord] {
    let rows = try await connection.query(
      """
      SELECT sequence, module_id, module_name, input, output, error_type, error_message,
        error_module_id, error_location, filtered, duration_us, exchanges
      FROM \(unescaped: schema.operations) WHERE execution_id = \(executionID) ORDER BY position
      """,
      logger: logger)
    var operations: [OperationRecord] = []
    for try await row in rows {
      let row = row.makeRandomAccess()
      let id = executionID
      operations.append(
        OperationRecord(
          sequence: try Self.decode(row, "sequence", as: Int.self, executionID: id),
          moduleID: try Self.decode(row, "module_id", as: Int.self, executionID: id),
          moduleName: try Self.decode(row, "module_name", as: String.self, executionID: id),
          input: try Self.bundle(row, "input", executionID: id),
          output: try Self.bundle(row, "output", executionID: id),
          error: try Self.errorRecord(from: row, executionID: id),
          isFiltered: try Self.decode(row, "filtered", as: Bool.self, executionID: id),
          duration: .microseconds(
            try Self.decode(row, "duration_us", as: Int64.self, executionID: id)),
          exchanges: try Self.bundle(row, "exchanges", executionID: id)
        ))
    }
    return operations
  }

  /// A bundle column (BYTEA in ``StoredBundle``'s form), or nil for NULL.
  private static func bundle(
    _ row: PostgresRandomAccessRow, _ column: String, executionID: String
  ) throws -> Data? {
    do {
      return try StoredBundle.decode(decode(row, column, as: Data?.self, executionID: executionID))
    } catch let error as StoredBundle.DecodingError {
      throw PostgresHistoryError.invalidRow(executionID: executionID, column: column, reason: error.reason)
    }
  }

  private static func errorRecord(
    from row: PostgresRandomAccessRow, executionID: String
  ) throws
    -> ErrorRecord?
  {
    guard let type = try decode(row, "error_type", as: String?.self, executionID: executionID)
    else {
      return nil
    }
    return ErrorRecord(
      type: type,
      message: try decode(row, "error_message", as: String?.self, executionID: executionID) ?? "",
      moduleID: try decode(row, "error_module_id", as: Int?.self, executionID: executionID),
      location: try decode(row, "error_location", as: String?.self, executionID: executionID)
    )
  }

  private static func decode<Value: PostgresDecodable>(
    _ row: PostgresRandomAccessRow, _ column: String, as type: Value.Type, executionID: String?
  ) throws -> Value {
    do {
      return try row[column].decode(Value.self)
    } catch {
      throw PostgresHistoryError.invalidRow(
        executionID: executionID, column: column, reason: "cannot read it as \(Value.self)")
    }
  }
}
