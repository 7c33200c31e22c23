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
      recorded exchanges, in process, and nothing is sent anywhere; a request the recording does \
      not hold (a divergence) is answered by an emulator started once for the command, at the \
      first divergence (--emulator-state sets its data). --emulator answers everything from that \
      emulator; --sonar-url sends to that Sonar. --from MODULE_ID runs the scenario again from \
      that module, the modules before it answering with their recorded operations. The replay is \
      recorded as a new execution linked to the first. Exit status: 0 no difference, 1 \
      differences (or the replay failed), 2 invalid input.
      """)

  enum Answers: String, EnumerableFlag {
    case recorded, emulator
  }

  @Argument(help: "The execution to replay (or --last N with --scenario).") var id: String?
  @Option(help: "The scenario file to replay against (default: the execution's scenario as it is now on disk).")
  var scenario: String?
  @Option(
    name: .customLong("from"),
    help: ArgumentHelp(
      "Run the scenario again from this module: the modules before it answer with their recorded operations.",
      valueName: "module-id"))
  var startModule: Int?
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
    let replayer = try makeReplayer(store: store, scenario: compiled)
    let outcome: ExecutionReplayer.Outcome
    do {
      outcome = try await replayer.replay(original, through: compiled)
      await replayer.close()
    } catch {
      await replayer.close()
      throw Self.failure(error)
    }
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
      Output.write(ComparisonText.json(outcome.comparison, replay: json(outcome)))
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
    // The last N that have ended: executions still running are left out, so ask again for more
    // when some of the N were running (there are seldom more than a few).
    var listed: [ExecutionRecord] = []
    while true {
      let page = try await store.executions(matching: query)
      listed = page.filter { $0.status != .running }
      if listed.count >= last || page.count < query.limit { break }
      query.limit *= 2
    }
    listed = Array(listed.prefix(last))
    let replayer = try makeReplayer(store: store, scenario: compiled)
    let rows: [ExecutionReplayer.BatchRow]
    do {
      // Oldest first, as they happened.
      rows = try await replayer.replay(listed.reversed(), through: compiled)
      await replayer.close()
    } catch {
      await replayer.close()
      throw Self.failure(error)
    }
    let differing = rows.filter { $0.replay?.hasDifferences == true }.count
    switch format {
    case .human:
      var text =
        "Replayed \(rows.count) execution\(rows.count == 1 ? "" : "s") of '\(TextEscaping.escape(compiled.scenario.name.value))' through \(TextEscaping.escape(scenario))\n"
      for row in rows {
        let verdict: String
        if let replay = row.replay {
          let steps = replay.stepsDiffering
          let outcomeChange = replay.changedStatus.map { ", \(row.original.status.rawValue) → \($0.rawValue)" } ?? ""
          verdict = replay.hasDifferences ? "\(steps) step\(steps == 1 ? "" : "s") differ\(outcomeChange)" : "same"
        } else {
          verdict = "skipped: confidential, nothing stored to replay"
        }
        text +=
          "  \(TextEscaping.escape(row.original.id))  \(HistoryText.format(row.original.startedAt))  \(verdict)\n"
      }
      text +=
        differing == 0
        ? "No execution differs.\n"
        : "\(differing) of \(rows.count) differ: sonarflow history diff ORIGINAL REPLAY shows one in full.\n"
      Output.write(text)
    case .json:
      let items = rows.map { row -> JSONValue in
        var members: [(String, JSONValue)] = [("execution", .string(row.original.id))]
        if let replay = row.replay {
          members += [
            ("replay", .string(replay.executionID)), ("same", .bool(!replay.hasDifferences)),
            ("stepsDiffering", .int(replay.stepsDiffering)), ("status", .string(replay.status.rawValue)),
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

  /// The `replay` member of the JSON output: the replay's id and how its requests were answered.
  private func json(_ outcome: ExecutionReplayer.Outcome) -> JSONObject {
    JSONObject([
      ("execution", .string(outcome.executionID)), ("answers", .string(sonarURL != nil ? "sonar" : answers.rawValue)),
      ("answeredFromRecording", outcome.counts.map { .int($0.answered) } ?? .null),
      ("answeredByEmulator", outcome.counts.map { .int($0.diverged) } ?? .null),
    ])
  }

  /// The replayer of this command: answers from the recordings (`--recorded`), the emulator
  /// (`--emulator`), or the Sonar of `--sonar-url` with the scenario's token variable; from
  /// `--from`'s module on.
  private func makeReplayer(store: any HistoryStore, scenario compiled: CompiledScenario) throws -> ExecutionReplayer {
    if let startModule, RecordedOperations.modules(before: startModule, in: compiled) == nil {
      Output.error(
        "error: --from \(startModule): \(TextEscaping.escape(compiled.scenario.source.path)) has no module \(startModule)"
      )
      throw ExitCode(ExitStatus.usage)
    }
    var replayer = ExecutionReplayer(
      store: store, answers: try answers(tokenVariable: compiled.scenario.connection.tokenEnv),
      emulatorState: try emulatorStateFile())
    replayer.startModule = startModule
    return replayer
  }

  /// Where the replay's requests are answered.
  private func answers(tokenVariable: String) throws -> ExecutionReplayer.Answers {
    guard let sonarURL else { return answers == .recorded ? .recorded : .emulator }
    let environment: SonarEnvironment
    do {
      environment = try SonarEnvironment(baseURL: sonarURL)
    } catch {
      Output.error("error: --sonar-url \(TextEscaping.escape(sonarURL)): \(error)")
      throw ExitCode(ExitStatus.usage)
    }
    guard let token = ProcessInfo.processInfo.environment[tokenVariable].flatMap({ $0.isEmpty ? nil : $0 }) else {
      Output.error(
        """
        error: --sonar-url needs the Sonar token in $\(tokenVariable), the scenario's token variable, and it is not set
        help: set \(tokenVariable) to the account's API token, or replay without --sonar-url (recorded answers)

        """)
      throw ExitCode(ExitStatus.usage)
    }
    let client = SonarClient(token: token, configuration: SonarClient.Configuration(environment: environment))
    return .sonar(client, token: token)
  }

  /// A replay that could not read or record its executions: said on standard error, exit 1.
  private static func failure(_ error: any Error) -> ExitCode {
    if let exit = error as? ExitCode { return exit }
    Output.error("error: could not replay: \(error)")
    return ExitCode(ExitStatus.failure)
  }
}
