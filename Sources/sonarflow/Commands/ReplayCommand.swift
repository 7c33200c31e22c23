import ArgumentParser
import Basics
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

  @Argument(help: "The execution to replay.") var id: String
  @Option(help: "The scenario file to replay against (default: the execution's scenario as it is now on disk).")
  var scenario: String?
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
  }

  func run() async throws {
    try await history.withStore { try await replay(store: $0) }
  }

  private func replay(store: any HistoryStore) async throws {
    let original = try await HistoryText.load(id, from: history, store: store, missing: ExitStatus.usage)
    guard let data = original.triggerBundle, let bundle = try? Value(jsonData: data) else {
      Output.error(
        "error: execution \(TextEscaping.escape(id)) belongs to a confidential scenario: no trigger bundle or exchanges were stored, so it cannot be replayed"
      )
      throw ExitCode(ExitStatus.usage)
    }
    let bundles: [Value]
    if case .array(let items) = bundle, original.status != .incomplete { bundles = items } else { bundles = [bundle] }
    let compiled = try PrintedExecution.load(scenario ?? original.scenarioFile)

    let backend = try await Backend.start(
      self, original: original, tokenVariable: compiled.scenario.connection.tokenEnv)
    let engine = Engine(
      runners: StandardRunners.make(
        sonar: backend.client, tokenVariable: compiled.scenario.connection.tokenEnv,
        httpClient: SonarClient.sharedHTTPClient, httpRedirect: backend.emulator?.rootURL))
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
    let comparison = ExecutionComparison(before: original, after: replayed)
    let counts = backend.answers?.counts
    switch format {
    case .human:
      var text = ComparisonText.describe(comparison)
      text += "\nReplayed as execution \(executionID)"
      if let counts {
        text +=
          ": \(counts.answered) request\(counts.answered == 1 ? "" : "s") answered from the recording, \(counts.diverged) by the emulator"
      }
      Output.write(text + "\n")
    case .json:
      Output.write(
        ComparisonText.json(
          comparison,
          replay: JSONObject([
            ("execution", .string(executionID)),
            ("answers", .string(sonarURL != nil ? "sonar" : answers.rawValue)),
            ("answeredFromRecording", counts.map { .int($0.answered) } ?? .null),
            ("answeredByEmulator", counts.map { .int($0.diverged) } ?? .null),
          ])))
    }
    if comparison.hasDifferences { throw ExitCode(ExitStatus.failure) }
  }

  /// Where the replay's Sonar calls and HTTP requests go.
  struct Backend {
    var client: SonarClient?
    var token: String?
    var emulator: RunningEmulator?
    var answers: RecordedAnswers?

    static func start(
      _ command: ReplayCommand, original: ExecutionRecord, tokenVariable: String
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
      var state = EmulatorStateFile.empty
      if let path = command.emulatorState {
        do {
          state = try EmulatorStateFile(contentsOf: URL(fileURLWithPath: path))
        } catch {
          Output.error("error: cannot load --emulator-state \(TextEscaping.escape(path)): \(error)")
          throw ExitCode(ExitStatus.usage)
        }
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
