import ArgumentParser
import Basics
import Engine
import Expressions
import Foundation
import History
import Logging
import PostgresHistory
import SQLiteHistory
import ScenarioModel

/// Where execution history is kept: a SQLite file, or a PostgreSQL database shared by runners.
struct HistoryOptions: ParsableArguments {
  @Option(
    help: """
      The history database: a SQLite file path, or postgres://user[:password]@host[:port]/database \
      (default: SONARFLOW_DB, else ./sonarflow.sqlite).
      """)
  var db: String?

  var location: String {
    db ?? ProcessInfo.processInfo.environment["SONARFLOW_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "./sonarflow.sqlite"
  }

  /// The location for messages: a PostgreSQL URL without its password.
  var displayName: String {
    guard PostgresHistory.Configuration.isPostgresURL(location) else { return location }
    guard let configuration = try? PostgresHistory.Configuration(url: location) else {
      return "the PostgreSQL database"
    }
    return "postgres://\(configuration.server)"
  }

  /// Opens the store for `body` and closes it afterwards (PostgreSQL's connection pool runs only
  /// while `body` does). A store that cannot be opened is reported and exits with status 2.
  /// `readOnly` (the commands that only look): a SQLite file is never created, and is opened
  /// read-only, without migrating it, when it or its folder is not writable
  /// (``SQLiteHistory/openExisting(path:)``).
  func withStore<Result>(
    readOnly: Bool = false, _ body: (any HistoryStore) async throws -> Result
  ) async throws -> Result {
    try await withServeStore(readOnly: readOnly) { store in
      let count = store.interruptedAtOpen
      if count > 0 {
        Output.error(
          "note: \(count) execution\(count == 1 ? "" : "s") left running by a process that ended marked interrupted")
      }
      return try await body(store)
    }
  }

  /// `withStore` with the queue and coordination `serve` needs too; `heartbeat` is how often a
  /// PostgreSQL runner renews its leases. `asServer` makes the process the SQLite file's one
  /// server (refused, exit 2, while another `serve` runs on it, or when `PRAGMA quick_check`
  /// finds the file damaged); PostgreSQL takes any number.
  /// `logger` (serve's log) receives what the PostgreSQL store reports while it runs: leader
  /// elections that lose the database, refused poll cursors, failed connection attempts.
  func withServeStore<Result>(
    heartbeat: Duration = .seconds(10), asServer: Bool = false, readOnly: Bool = false, logger: Logger? = nil,
    _ body: (any ServeStore) async throws -> Result
  ) async throws -> Result {
    guard PostgresHistory.Configuration.isPostgresURL(location) else {
      let store: SQLiteHistory
      do {
        store = readOnly ? try SQLiteHistory.openExisting(path: location) : try SQLiteHistory(path: location)
      } catch {
        // SQLiteHistoryError names the file and the reason itself.
        Output.error("error: \(TextEscaping.escape("\(error)"))")
        throw ExitCode(ExitStatus.usage)
      }
      if asServer {
        do {
          try store.claimServing()
          // A damaged file would fail writes at random later; say so before listening.
          try await store.checkIntegrity()
        } catch {
          Output.error("error: \(error)")
          throw ExitCode(ExitStatus.usage)
        }
      }
      return try await body(store)
    }
    let configuration: PostgresHistory.Configuration
    do {
      configuration = try PostgresHistory.Configuration(url: location)
    } catch {
      Output.error("error: \(error)")
      throw ExitCode(ExitStatus.usage)
    }
    // One-shot commands get every failure as a thrown error, so their store stays silent; a
    // server's store also reports what happens in the background, to the server's log.
    let store = PostgresHistory(
      configuration: configuration, logger: logger ?? PostgresHistory.silentLogger, heartbeatInterval: heartbeat)
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await store.run() }
      defer { group.cancelAll() }
      do {
        try await store.migrate()
      } catch {
        Output.error("error: \(error)")
        throw ExitCode(ExitStatus.usage)
      }
      return try await body(store)
    }
  }
}

/// How much history to keep: `run` prunes after recording, `history prune` on demand.
struct RetentionOptions: ParsableArguments {
  @Option(name: .customLong("keep-days"), help: "Delete executions that started more than this many days ago.")
  var keepDays: Int?

  @Option(name: .customLong("keep-executions"), help: "Keep only this many of the newest executions.")
  var keepExecutions: Int?

  var isSet: Bool { keepDays != nil || keepExecutions != nil }

  func validate() throws {
    if let keepDays, keepDays < 0 { throw ValidationError("--keep-days must not be negative") }
    if let keepExecutions, keepExecutions < 0 { throw ValidationError("--keep-executions must not be negative") }
  }

  /// Deletes what the options say; returns how many executions went.
  func prune(_ store: any HistoryStore) async throws -> Int {
    try await HistoryRetention(keepDays: keepDays, keepExecutions: keepExecutions).prune(store)
  }
}

/// Recording executions the same way from `run`, `history replay` and `history resume`.
struct ExecutionRecording {
  let recorder: HistoryRecorder
  let scenario: CompiledScenario
  /// Records a replay (`sonarflow replay`), which `history list` shows only when asked for.
  var isReplay = false

  init(store: any HistoryStore, scenario: CompiledScenario, token: String?) {
    self.scenario = scenario
    recorder = HistoryRecorder(
      store: store, isConfidential: scenario.scenario.settings.isConfidential, secrets: token.map { [$0] } ?? [])
  }

  /// Marks the execution as running before it starts, so `history list` shows it.
  func begin(id: String, parentID: String?) async {
    do {
      var record = scenario.runningRecord(id: id, parentID: parentID)
      record.isReplay = isReplay
      try await recorder.begin(record)
    } catch {
      Output.error("warning: could not record the execution's start in history: \(error)")
    }
  }

  /// Stores the finished execution and its incomplete bundles; durable when this returns.
  func finish(_ result: ExecutionResult, parentID: String?, triggerCheck: Poll.Check? = nil) async throws {
    var (execution, incomplete) = result.records(for: scenario, parentID: parentID)
    if let triggerCheck {
      execution = execution.withTriggerCheck(
        moduleID: Trigger.id, moduleName: scenario.triggerSpec.name, duration: triggerCheck.duration,
        exchanges: triggerCheck.exchanges)
    }
    execution.isReplay = isReplay
    do {
      try await recorder.finish(execution)
      for record in incomplete { try await recorder.finish(record) }
    } catch {
      Output.error("error: could not record execution \(result.executionID) in history: \(error)")
      throw ExitCode(ExitStatus.failure)
    }
  }
}
