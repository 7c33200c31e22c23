import ArgumentParser
import Basics
import Engine
import Expressions
import Foundation
import History
import Replay
import ScenarioModel
import Synchronization

/// `sonarflow history`: list, inspect, replay, resume and prune recorded executions.
struct HistoryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history",
    abstract: "Inspect, replay and resume recorded executions.",
    subcommands: [List.self, Show.self, Diff.self, Replay.self, Resume.self, Delete.self, Prune.self]
  )

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List executions, newest first.")

    @Option(help: "Only this scenario (its name, whatever the case of its letters).") var scenario: String?
    @Option(help: "Only this status: running, success, warning, error, incomplete or interrupted.") var status: String?
    @Option(help: "Only executions started at or after this date (ISO 8601, e.g. 2026-11-25 or 2026-11-25T10:00:00Z).")
    var since: String?
    @Option(help: "At most this many (at least 1).") var limit = 50
    @Flag(help: "Also list the executions made by 'sonarflow replay'.") var replays = false
    @Option(
      help: ArgumentHelp(
        "Only finished executions whose trigger bundle or an operation's input or output holds every term of this text.",
        discussion:
          "A term is a phone number (with or without its +), an order id, an email address or a word, whatever the case of its letters."
      ))
    var search: String?
    @Option(help: "Output format: human or json.") var format: OutputFormat = .human
    @OptionGroup var history: HistoryOptions

    func validate() throws {
      if limit < 1 { throw ValidationError("--limit must be at least 1, not \(limit)") }
      if let search, SearchTerms.hashes(ofQuery: search).isEmpty {
        throw ValidationError(
          "--search '\(TextEscaping.escape(search))' has no term to search for: give letters or digits")
      }
    }

    func run() async throws {
      var query = HistoryQuery(
        scenarioName: scenario, ignoresNameCase: true, limit: limit, includesReplays: replays, text: search)
      try HistoryText.filter(&query, status: status, since: since)
      let (executions, suggestion) = try await history.withStore(readOnly: true) { store in
        let executions = try await store.executions(matching: query)
        guard executions.isEmpty, let scenario else { return (executions, nil as String?) }
        return (executions, try await Self.nearestName(to: scenario, in: store))
      }
      if let suggestion {
        Output.error(
          "help: no scenario is named '\(TextEscaping.escape(scenario ?? ""))'; did you mean '\(suggestion)'?\n")
      }
      switch format {
      case .json:
        Output.write(HistoryText.json(executions.map { HistoryText.object($0, withOperations: false) }))
      case .human:
        if executions.isEmpty {
          let which = scenario.map { " of scenario '\(TextEscaping.escape($0))'" } ?? ""
          let matching = search.map { " matching '\(TextEscaping.escape($0))'" } ?? ""
          Output.write("no executions\(which)\(matching) in \(history.displayName)\n")
          return
        }
        var text = "ID                                    STARTED (UTC)        STATUS       OPS  DURATION  SCENARIO\n"
        for execution in executions {
          text += TextEscaping.escape(execution.id).padding(toLength: 38, withPad: " ", startingAt: 0)
          text += HistoryText.format(execution.startedAt).padding(toLength: 21, withPad: " ", startingAt: 0)
          text += execution.status.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
          text += String(execution.operations).leftPadded(to: 3) + "  "
          text += HistoryText.duration(execution).padding(toLength: 10, withPad: " ", startingAt: 0)
          text += TextEscaping.escape(execution.scenarioName)
          if execution.status == .incomplete, let retry = execution.retry {
            let next = retry.nextAttemptAt.map { "next \(HistoryText.format($0))" } ?? "no more"
            text += "  (attempts \(retry.attempts)/\(retry.limit), \(next))"
          }
          text += "\n"
        }
        Output.write(text)
      }
    }

    /// The scenario name of the recent executions nearest to `name` (escaped for the terminal).
    static func nearestName(to name: String, in store: any HistoryStore) async throws -> String? {
      let names = Set(try await store.executions(matching: HistoryQuery(limit: 1_000)).map(\.scenarioName))
      return Suggestion.nearest(to: name, in: names.sorted()).map { TextEscaping.escape($0) }
    }
  }

  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show one execution with every operation's input and output.")

    @Argument(help: "The execution id, or enough of its start to name one execution.") var id: String
    @Option(help: "Output format: human or json.") var format: OutputFormat = .human
    @OptionGroup var history: HistoryOptions

    func run() async throws {
      let execution = try await history.withStore(readOnly: true) {
        try await HistoryText.load(id, from: history, store: $0)
      }
      switch format {
      case .json: Output.write(HistoryText.json(HistoryText.object(execution, withOperations: true)))
      case .human: Output.write(HistoryText.describe(execution))
      }
    }
  }

  struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare two executions step by step: inputs, outputs, filters, routes, errors and HTTP requests.",
      discussion: "Exit status: 0 when they do not differ, 1 when they do, 2 when an execution is missing.")

    @Argument(help: "The first execution's id.") var first: String
    @Argument(help: "The second execution's id.") var second: String
    @Option(help: "Output format: human or json.") var format: OutputFormat = .human
    @OptionGroup var history: HistoryOptions

    func run() async throws {
      let (before, after) = try await history.withStore(readOnly: true) { store in
        (
          try await HistoryText.load(first, from: history, store: store, missing: ExitStatus.usage),
          try await HistoryText.load(second, from: history, store: store, missing: ExitStatus.usage)
        )
      }
      let comparison = ExecutionComparison(before: before, after: after)
      switch format {
      case .json: Output.write(ComparisonText.json(comparison))
      case .human: Output.write(ComparisonText.describe(comparison))
      }
      if comparison.hasDifferences { throw ExitCode(ExitStatus.failure) }
    }
  }

  struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run an execution again with the same trigger bundle, as a new execution linked to the first.",
      discussion: "The scenario is read from its file as it is now.")

    @Argument(help: "The execution id.") var id: String
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var history: HistoryOptions
    @Option(help: "Output format: human or json.") var format: OutputFormat = .human

    func run() async throws {
      let interrupts = Interrupts.install()
      defer { interrupts.remove() }
      try await history.withStore { try await run(store: $0, interrupts: interrupts) }
    }

    private func run(store: any HistoryStore, interrupts: Interrupts) async throws {
      let original = try await HistoryText.load(id, from: history, store: store)
      guard let data = original.triggerBundle, let bundle = try? Value(jsonData: data) else {
        Output.error(
          "error: execution \(id) has no stored trigger bundle (its scenario is confidential), so it cannot be replayed"
        )
        throw ExitCode(ExitStatus.failure)
      }
      let bundles: [Value]
      if case .array(let items) = bundle, original.status != .incomplete { bundles = items } else { bundles = [bundle] }
      let execution = try await PrintedExecution.connect(
        PrintedExecution.load(original.scenarioFile), options: connection, format: format)
      try await execution.perform(store: store, parentID: original.id, interrupts: interrupts) {
        engine, compiled, executionID, observer in
        await engine.run(compiled, triggerBundles: bundles, executionID: executionID, observer: observer)
      }
    }
  }

  struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Delete an incomplete execution with its operations, as the console's Delete does.",
      discussion:
        "Only an incomplete execution is deleted: any other is refused (use 'history prune' for those), and so is one a serve runner is making an attempt at right now."
    )

    @Argument(help: "The id of an incomplete execution, or the start of one (see 'history list --status incomplete').")
    var id: String
    @OptionGroup var history: HistoryOptions

    func run() async throws {
      try await history.withServeStore { store in
        let execution = try await HistoryText.load(id, from: history, store: store)
        guard execution.status == .incomplete else {
          Output.error(
            "error: execution \(execution.id) is \(execution.status.rawValue), not incomplete; only incomplete executions are deleted here (use 'history prune' for the others)"
          )
          throw ExitCode(ExitStatus.failure)
        }
        guard try await store.deleteIncomplete(ids: [execution.id], at: Date()) == 1 else {
          Output.error(
            "error: a serve runner is making an attempt at execution \(execution.id) right now; try again once it is recorded"
          )
          throw ExitCode(ExitStatus.failure)
        }
        Output.write("deleted incomplete execution \(execution.id)\n")
      }
    }
  }

  struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Continue an incomplete execution from the module that failed, with the scenario as it is now on disk.",
      discussion:
        "On success the incomplete execution is marked resolved, so it can never be resumed (or sent) twice. When the bundle stops again, it stays incomplete: its error and the point to continue from are the new attempt's, and it names that attempt."
    )

    @Argument(help: "The id of an incomplete execution (see 'history list --status incomplete').") var id: String
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var history: HistoryOptions
    @Option(help: "Output format: human or json.") var format: OutputFormat = .human

    func run() async throws {
      let interrupts = Interrupts.install()
      defer { interrupts.remove() }
      try await history.withStore { try await run(store: $0, interrupts: interrupts) }
    }

    private func run(store: any HistoryStore, interrupts: Interrupts) async throws {
      let incomplete = try await HistoryText.load(id, from: history, store: store)
      guard incomplete.status == .incomplete, let stateData = incomplete.resumeState,
        let state = ResumeState(jsonData: stateData)
      else {
        Output.error(
          "error: execution \(id) is \(incomplete.status.rawValue), not incomplete; only incomplete executions can be resumed (use 'history replay' to run it again)"
        )
        throw ExitCode(ExitStatus.failure)
      }
      let trigger = state.outputs[1] ?? incomplete.triggerBundle.flatMap { try? Value(jsonData: $0) } ?? .null
      let execution = try await PrintedExecution.connect(
        PrintedExecution.load(incomplete.scenarioFile), options: connection, format: format)
      // The bundle that stops again stays this incomplete execution (IncompleteAttempt.swift).
      let attempt = Mutex<(result: ExecutionResult, stoppedAgain: IncompleteBundle?)?>(nil)
      let outcome: Result<ExecutionResult, any Error>
      do {
        outcome = .success(
          try await execution.perform(store: store, parentID: incomplete.id, interrupts: interrupts) {
            engine, compiled, executionID, observer in
            var result = await engine.resume(
              compiled, from: state, triggerBundle: trigger, executionID: executionID, observer: observer)
            let stoppedAgain = result.takeBundleStoppedAgain()
            attempt.withLock { [result] in $0 = (result, stoppedAgain) }
            return result
          })
      } catch {
        outcome = .failure(error)
      }
      if let (result, stoppedAgain) = attempt.withLock({ $0 }) {
        try await store.finish(
          incomplete.after(attempt: result, stoppedAgain: stoppedAgain, at: Date(), isAutomatic: false))
      }
      _ = try outcome.get()
    }
  }

  struct Prune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Delete old executions, keeping the history file bounded.",
      discussion: "Incomplete executions are kept by --keep-executions and removed only by --keep-days.")

    @OptionGroup var retention: RetentionOptions
    @OptionGroup var history: HistoryOptions

    func validate() throws {
      if !retention.isSet { throw ValidationError("give --keep-days, --keep-executions or both") }
    }

    func run() async throws {
      let deleted = try await history.withStore { store in try await retention.prune(store) }
      Output.write("deleted \(deleted) execution\(deleted == 1 ? "" : "s") from \(history.displayName)\n")
    }
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
