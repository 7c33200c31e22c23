package import Foundation

/// Where executions are recorded. SQLite (one machine) and PostgreSQL (several runners) implement it;
/// the engine and the server only see this protocol.
package protocol HistoryStore: Sendable {
  /// Records that an execution started, so it is visible as `running`.
  func begin(_ execution: ExecutionRecord) async throws

  /// Records a finished execution with its operations. Returns only once the record is durable
  /// (committed), so callers may report the execution as finished.
  func finish(_ execution: ExecutionRecord) async throws

  /// One execution with its operations, or nil for an unknown id.
  func execution(id: String) async throws -> ExecutionRecord?

  /// The executions with these ids, each with its operations, in the order given (nil for an
  /// unknown id): what ``execution(id:)`` answers for each, read in one call (a replay's batch).
  func executions(ids: [String]) async throws -> [ExecutionRecord?]

  /// Executions without their operations, newest first.
  func executions(matching query: HistoryQuery) async throws -> [ExecutionRecord]

  /// Marks every execution still `running` as `interrupted` (the process that ran it is gone).
  /// Called once at start; returns how many were marked.
  func markInterrupted() async throws -> Int

  /// Deletes executions older than `olderThan` and all but the newest `keepExecutions`; incomplete
  /// executions are kept unless older than `olderThan`. Returns how many were deleted.
  func prune(olderThan: Date?, keepExecutions: Int?) async throws -> Int
}

/// Which executions to list.
package struct HistoryQuery: Sendable, Hashable {
  package var scenarioName: String?
  /// Whether `scenarioName` matches whatever the case of its letters (ASCII): `history list`.
  package var ignoresNameCase: Bool
  /// Only executions whose id starts with this (`history show` given a prefix).
  package var idPrefix: String?
  package var status: ExecutionStatus?
  package var since: Date?
  /// Only executions started before this date (the console's time range).
  package var until: Date?
  /// Keyset pagination: only executions strictly older than this one in (startedAt, id)
  /// descending order (the console's "older" link carries the last row shown).
  package var before: ExecutionCursor?
  package var limit: Int
  /// Whether replays (`ExecutionRecord.isReplay`) are listed too.
  package var includesReplays: Bool
  /// Only finished executions whose trigger bundle or an operation's input or output has every
  /// term of this text (``SearchTerms``: `+15551234567`, `order-1234`, a word, whatever the case
  /// of its letters). A text without a term matches nothing.
  package var text: String?

  package init(
    scenarioName: String? = nil, ignoresNameCase: Bool = false, idPrefix: String? = nil,
    status: ExecutionStatus? = nil, since: Date? = nil, limit: Int = 50, includesReplays: Bool = false,
    text: String? = nil
  ) {
    self.scenarioName = scenarioName
    self.ignoresNameCase = ignoresNameCase
    self.idPrefix = idPrefix
    self.status = status
    self.since = since
    self.limit = limit
    self.includesReplays = includesReplays
    self.text = text
  }

  /// `idPrefix` as a LIKE pattern (`\` escapes), or nil.
  package var idPattern: String? {
    idPrefix.map { prefix in
      prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
        .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
  }
}

/// A place in the executions list: an execution's start and id (the console's keyset pagination).
package struct ExecutionCursor: Sendable, Hashable {
  package var startedAt: Date
  package var id: String

  package init(startedAt: Date, id: String) {
    self.startedAt = startedAt
    self.id = id
  }
}
