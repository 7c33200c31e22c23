import ArgumentParser
import Basics
import DataStoreModules
import Emulator
import Engine
import Expressions
import Foundation
import History
import Logging
import Replay
import SonarAPI
import SonarModules

/// `sonarflow replay`: an execution's trigger bundles through the scenario as it is now (or an
/// edited file), with Sonar and HTTP answered from the execution's recorded exchanges, then the
/// difference step by step.
struct ReplayCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Replay a recorded execution against a scenario and show what would differ, step by step.",
    discussion: """
      By default (--recorded) every Sonar call and HTTP request is answered from the execution's \
      recorded exchanges and nothing is sent anywhere; a request the recording does not hold (a \
      divergence) is answered by an emulator started for the replay (--emulator-state sets its \
      data). --emulator answers everything from the emulator; --sonar-url sends to that Sonar. \
      The replay is recorded as a new execution linked to the first. Exit status: 0 no difference, \
      1 differences (or the replay failed), 2 invalid input.
      """)

  enum Answers: String, EnumerableFlag {
    case recorded, emulator
  }

  @Argument(help: "The execution to replay (or --last N with --scenario).") var id: String?
  @Option(help: "The scenario file to replay against (default: the execution's scenario as it is now on disk).")
  var scenario: String?
  @Option(help: "With --scenario and no id: replay the N most recent executions of that scenario (by its name).")
  var last: Int?
  @Option(help: "With --last: only executions started at or after this date (ISO 8601).") var since: String?
  @Option(help: "With --last: only executions with this status.") var status: String?
  @Flag(help: "Where Sonar and HTTP answers come from.") var answers: Answers = .recorded
  @Option(help: "Send Sonar calls to this Sonar API instead (with the scenario's token variable).")
  var sonarURL: String?
  @Option(
    name: .customLong("emulator-state"),
    help: "A JSON file with the data of the emulator that answers what the recording does not hold.")
  var emulatorState: String?
  @Option(help: "Output format: human or json.") var format: OutputFormat = .human
  @OptionGroup var history: HistoryOptions

  func validate() throws {
    if sonarURL != nil && answers == .emulator {
      throw ValidationError("--sonar-url and --emulator cannot be combined: choose where answers come from")
    }
    switch (id, last) {
    case (nil, nil): throw ValidationError("name an execution to replay, or --last N with --scenario FILE")
    case (.some, .some): throw ValidationError("an execution id and --last cannot be combined")
    case (nil, .some(let count)):
      if scenario == nil {
        throw ValidationError("--last needs --scenario FILE: the scenario whose executions to replay")
      }
      if count < 1 { throw ValidationError("--last must be at least 1, not \(count)") }
    case (.some, nil):
      if since != nil || status != nil { throw ValidationError("--since and --status go with --last") }
    }
  }

  func run() async throws {
    try await history.withStore { store in
      if let id { try await replayOne(id, store: store) } else { try await replayBatch(store: store) }
    }
  }

  private func replayOne(_ id: String, store: any HistoryStore) async throws {
    let original = try await HistoryText.load(id, from: history, store: store, missing: ExitStatus.usage)
    guard original.triggerBundle != nil else {
      Output.error(
        "error: execution \(TextEscaping.escape(id)) belongs to a confidential scenario: no trigger bundle or exchanges were stored, so it cannot be replayed"
      )
      throw ExitCode(ExitStatus.usage)
    }
    let compiled = try PrintedExecution.load(scenario ?? original.scenarioFile)
    let outcome = try await replay(original, through: compiled, state: try emulatorStateFile(), store: store)
    switch format {
    case .human:
      var text = ComparisonText.describe(outcome.comparison)
      text += "\nReplayed as execution \(outcome.executionID)"
      if let counts = outcome.counts {
        text +=
          ": \(counts.answered) request\(counts.answered == 1 ? "" : "s") answered from the recording, \(counts.diverged) by the emulator"
      }
      Output.write(text + "\n")
    case .json:
      Output.write(ComparisonText.json(outcome.comparison, replay: outcome.json))
    }
    if outcome.comparison.hasDifferences { throw ExitCode(ExitStatus.failure) }
  }

  /// `--scenario FILE --last N`: the deploy gate. Every recent execution of the scenario replayed
  /// through the file, one line each; exit 1 when any differs.
  private func replayBatch(store: any HistoryStore) async throws {
    guard let scenario, let last else { return }
    let compiled = try PrintedExecution.load(scenario)
    var query = HistoryQuery(scenarioName: compiled.scenario.name.value, limit: last)
    try HistoryText.filter(&query, status: status, since: since)
    let state = try emulatorStateFile()
    let listed = try await store.executions(matching: query).filter { $0.status != .running }
    var rows: [(original: ExecutionRecord, outcome: Outcome?)] = []
    // Oldest first, as they happened.
    for summary in listed.reversed() {
      guard let original = try await store.execution(id: summary.id) else { continue }
      rows.append(
        (
          original,
          original.triggerBundle == nil
            ? nil : try await replay(original, through: compiled, state: state, store: store)
        ))
    }
    let differing = rows.filter { $0.outcome?.comparison.hasDifferences == true }.count
    switch format {
    case .human:
      var text =
        "Replayed \(rows.count) execution\(rows.count == 1 ? "" : "s") of '\(TextEscaping.escape(compiled.scenario.name.value))' through \(TextEscaping.escape(scenario))\n"
      for (original, outcome) in rows {
        let verdict: String
        if let outcome {
          let steps = outcome.comparison.steps.count
          let outcomeChange =
            outcome.comparison.executionChanges.isEmpty
            ? "" : ", \(original.status.rawValue) → \(outcome.comparison.after.status.rawValue)"
          verdict =
            outcome.comparison.hasDifferences ? "\(steps) step\(steps == 1 ? "" : "s") differ\(outcomeChange)" : "same"
        } else {
          verdict = "skipped: confidential, nothing stored to replay"
        }
        text += "  \(TextEscaping.escape(original.id))  \(HistoryText.format(original.startedAt))  \(verdict)\n"
      }
      text +=
        differing == 0
        ? "No execution differs.\n"
        : "\(differing) of \(rows.count) differ: sonarflow history diff ORIGINAL REPLAY shows one in full.\n"
      Output.write(text)
    case .json:
      let items = rows.map { original, outcome -> JSONValue in
        var members: [(String, JSONValue)] = [("execution", .string(original.id))]
        if let outcome {
          members += [
            ("replay", .string(outcome.executionID)), ("same", .bool(!outcome.comparison.hasDifferences)),
            ("stepsDiffering", .int(outcome.comparison.steps.count)),
            ("status", .string(outcome.comparison.after.status.rawValue)),
          ]
        } else {
          members.append(("skipped", .string("confidential")))
        }
        return .object(JSONObject(members))
      }
      Output.write(
        JSONValue.object(
          JSONObject([
            ("scenario", .string(compiled.scenario.name.value)), ("differing", .int(differing)),
            ("executions", .array(items)),
          ])
        ).text(pretty: true) + "\n")
    }
    if differing > 0 { throw ExitCode(ExitStatus.failure) }
  }

  /// The data of the emulator that answers what a recording does not hold: `--emulator-state`,
  /// read once for every replay of the command, or none.
  private func emulatorStateFile() throws -> EmulatorStateFile {
    guard let path = emulatorState else { return .empty }
    do {
      return try EmulatorStateFile(contentsOf: URL(fileURLWithPath: path))
    } catch {
      Output.error("error: cannot load --emulator-state \(TextEscaping.escape(path)): \(error)")
      throw ExitCode(ExitStatus.usage)
    }
  }

  /// One replay's result: the comparison, the replay's id, and how its requests were answered.
  struct Outcome {
    var comparison: ExecutionComparison
    var executionID: String
    var counts: (answered: Int, diverged: Int)?
    var answers: String

    var json: JSONObject {
      JSONObject([
        ("execution", .string(executionID)), ("answers", .string(answers)),
        ("answeredFromRecording", counts.map { .int($0.answered) } ?? .null),
        ("answeredByEmulator", counts.map { .int($0.diverged) } ?? .null),
      ])
    }
  }

  /// Replays `original` (which has a trigger bundle) through `compiled`, records the replay, and
  /// compares the two.
  private func replay(
    _ original: ExecutionRecord, through compiled: CompiledScenario, state: EmulatorStateFile,
    store: any HistoryStore
  ) async throws -> Outcome {
    let bundle = original.triggerBundle.flatMap { try? Value(jsonData: $0) } ?? .null
    let bundles: [Value]
    if case .array(let items) = bundle, original.status != .incomplete { bundles = items } else { bundles = [bundle] }
    let backend = try await Backend.start(
      self, original: original, tokenVariable: compiled.scenario.connection.tokenEnv, state: state)
    // Data store modules read the history database's stores as they are now; what the replay
    // writes is rolled back at its end, so replaying never changes a store.
    var options = Engine.Options()
    options.keepsTransactionalWork = false
    let engine = Engine(
      runners: StandardRunners.make(
        sonar: backend.client, tokenVariable: compiled.scenario.connection.tokenEnv,
        httpClient: SonarClient.sharedHTTPClient, httpRedirect: backend.emulator?.rootURL),
      options: options
    ).using(dataStore: store as? any DataStoreStore, scenarioPath: compiled.scenario.source.path)
    var recording = ExecutionRecording(store: store, scenario: compiled, token: backend.token)
    recording.isReplay = true
    let executionID = UUID().uuidString.lowercased()
    await recording.begin(id: executionID, parentID: original.id)
    let result = await engine.run(compiled, triggerBundles: bundles, executionID: executionID)
    await backend.emulator?.stop()
    try await recording.finish(result, parentID: original.id)
    guard let replayed = try await store.execution(id: executionID) else {
      Output.error("error: the replay \(executionID) was not found in history after it was recorded")
      throw ExitCode(ExitStatus.failure)
    }
    return Outcome(
      comparison: ExecutionComparison(before: original, after: replayed), executionID: executionID,
      counts: backend.answers?.counts, answers: sonarURL != nil ? "sonar" : answers.rawValue)
  }

  /// Where the replay's Sonar calls and HTTP requests go.
  struct Backend {
    var client: SonarClient?
    var token: String?
    var emulator: RunningEmulator?
    var answers: RecordedAnswers?

    static func start(
      _ command: ReplayCommand, original: ExecutionRecord, tokenVariable: String, state: EmulatorStateFile
    ) async throws
      -> Backend
    {
      if let sonarURL = command.sonarURL {
        let environment: SonarEnvironment
        do {
          environment = try SonarEnvironment(baseURL: sonarURL)
        } catch {
          Output.error("error: --sonar-url \(TextEscaping.escape(sonarURL)): \(error)")
          throw ExitCode(ExitStatus.usage)
        }
        let token = ProcessInfo.processInfo.environment[tokenVariable].flatMap { $0.isEmpty ? nil : $0 }
        let client = token.map {
          SonarClient(token: $0, configuration: SonarClient.Configuration(environment: environment))
        }
        return Backend(client: client, token: token)
      }
      let answers =
        command.answers == .recorded
        ? RecordedAnswers(
          original.operationLog.flatMap { HTTPExchange.list(fromJSON: Array($0.exchanges ?? Data())) }) : nil
      var logger = Logger(label: "sonarflow.emulator")
      logger.logLevel = .warning
      let configuration = SonarEmulator.Configuration(initialState: state, logger: logger, recording: answers)
      let emulator = try await SonarEmulator(configuration: configuration).start()
      let client = SonarClient(
        token: configuration.token,
        configuration: SonarClient.Configuration(environment: try SonarEnvironment(baseURL: emulator.baseURL)))
      return Backend(client: client, token: configuration.token, emulator: emulator, answers: answers)
    }
  }
}
