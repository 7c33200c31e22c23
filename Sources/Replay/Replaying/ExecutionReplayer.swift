import Basics
import DataStoreModules
package import Emulator
package import Engine
import Expressions
import Foundation
package import History
import ScenarioModel
package import SonarAPI
import SonarModules

/// Replays recorded executions through a scenario (`sonarflow replay`): the trigger bundles run
/// again, the replay is recorded as a new execution linked to the original (`isReplay`), and the
/// two are compared step by step. One replayer serves one command: its emulator, which answers
/// what the recordings do not hold, is started at most once (``ReplayEmulator``), at the first
/// request that needs it; ``close()`` stops it.
package struct ExecutionReplayer: Sendable {
  /// Where a replay's Sonar calls and HTTP requests are answered.
  package enum Answers: Sendable {
    /// From the replayed execution's recorded exchanges, in process; a request the recording does
    /// not hold (a divergence) by the emulator.
    case recorded
    /// Everything by the emulator.
    case emulator
    /// Sonar calls by this client (nil without a token: the Sonar modules fail naming the token
    /// variable), whose token `token` is; HTTP requests go where they say.
    case sonar(SonarClient?, token: String?)
  }

  /// One replay's result.
  package struct Outcome: Sendable {
    package var comparison: ExecutionComparison
    /// The id of the execution the replay recorded.
    package var executionID: String
    /// With ``Answers/recorded``: requests answered from the recording, and by the emulator.
    package var counts: (answered: Int, diverged: Int)?
  }

  /// One execution of a batch (``replay(_:through:)``), as the deploy gate lists it.
  package struct BatchRow: Sendable {
    package var original: ExecutionRecord
    /// Nil when the execution is confidential: nothing was stored to replay.
    package var replay: Verdict?
  }

  /// What a replay of a batch came to, without the records it compared (a batch may hold
  /// thousands).
  package struct Verdict: Sendable {
    package var executionID: String
    package var hasDifferences: Bool
    package var stepsDiffering: Int
    /// The replay's status when it differs from the original's, nil when the same.
    package var changedStatus: ExecutionStatus?
    package var status: ExecutionStatus
  }

  package let store: any HistoryStore
  package let answers: Answers
  package let emulator: ReplayEmulator
  /// How many replays of a batch run at once (recorded answers only; replays the emulator or Sonar
  /// answers run one after the other, oldest first, so the state they see evolves in order).
  package var concurrency = 16
  /// `--from MODULE_ID`: the modules declared before it answer with their recorded operations
  /// (``RecordedOperations``) instead of running; nil runs every module.
  package var startModule: Int?
  private let http: any HTTPTransport

  /// - Parameters:
  ///   - emulatorState: the emulator's data (`--emulator-state`).
  ///   - http: how requests leave the process: to the emulator, or (``Answers/sonar(_:token:)``)
  ///     where `http.request` says.
  package init(
    store: any HistoryStore, answers: Answers, emulatorState: EmulatorStateFile = .empty,
    http: any HTTPTransport = SonarClient.sharedHTTPClient
  ) {
    self.store = store
    self.answers = answers
    self.emulator = ReplayEmulator(state: emulatorState)
    self.http = http
  }

  /// Stops the emulator, if a replay started it.
  package func close() async {
    await emulator.stop()
  }

  /// Replays `original` (which must have a trigger bundle: a confidential execution has none)
  /// through `compiled`, records the replay, and compares the two.
  package func replay(_ original: ExecutionRecord, through compiled: CompiledScenario) async throws -> Outcome {
    try await replay(
      original, through: compiled, structures: DataStructure.beside(compiled.scenario.source.path).structures)
  }

  /// `structures`: the data structures declared beside the scenario, read once per command.
  private func replay(
    _ original: ExecutionRecord, through compiled: CompiledScenario, structures: [String: DataStructure]
  ) async throws -> Outcome {
    let bundle = original.triggerBundle.flatMap { try? Value(jsonData: $0) } ?? .null
    let bundles: [Value]
    if case .array(let items) = bundle, original.status != .incomplete { bundles = items } else { bundles = [bundle] }
    let toEmulator = OriginTransport(base: http) { [emulator] in try await emulator.rootURL() }
    let sonar: SonarClient?
    // The secret history redacts: Sonar's token with `--sonar-url`; the emulator's is a public
    // test value, and requests answered from a recording carry none.
    let token: String?
    let transport: any HTTPTransport
    var recorded: RecordedAnswers?
    switch answers {
    case .recorded:
      // The flow's requests only: the trigger's check (a poll) is not made again.
      let answers = RecordedAnswers(
        original.operationLog.filter { $0.moduleID != Trigger.id }.flatMap {
          HTTPExchange.list(fromJSON: Array($0.exchanges ?? Data()))
        })
      recorded = answers
      transport = RecordedTransport(answers: answers, divergences: toEmulator)
      (sonar, token) = (try Self.sonarClient(token: emulator.token, transport: transport), nil)
    case .emulator:
      transport = toEmulator
      (sonar, token) = (try Self.sonarClient(token: emulator.token, transport: transport), nil)
    case .sonar(let client, let sonarToken):
      transport = http
      (sonar, token) = (client, sonarToken)
    }
    // Data store modules work on the history database's stores (with recorded answers, a read
    // with the recorded input is answered from the recording instead); what the replay writes is
    // rolled back at its end, so replaying never changes a store.
    var runners = StandardRunners.make(
      sonar: sonar, tokenVariable: compiled.scenario.connection.tokenEnv, httpClient: transport,
      dataStore: store as? any DataStoreStore, dataStructures: structures)
    let operations = try RecordedOperations(
      original, in: compiled, from: startModule, dataStoreReads: recorded != nil)
    if !operations.isEmpty { runners = operations.answering(runners) }
    var options = Engine.Options()
    options.keepsTransactionalWork = false
    let engine = Engine(runners: runners, options: options)
    let recorder = HistoryRecorder(
      store: store, isConfidential: compiled.scenario.settings.isConfidential, secrets: token.map { [$0] } ?? [])
    let executionID = UUID().uuidString.lowercased()
    var running = compiled.runningRecord(id: executionID, parentID: original.id)
    running.isReplay = true
    try await recorder.begin(running)
    let result = await engine.run(compiled, triggerBundles: bundles, executionID: executionID)
    // Bundles the replay stopped are not stored as incomplete executions: resuming one would send
    // for real what the replay only simulated.
    var (execution, _) = result.records(for: compiled, parentID: original.id)
    // The replay starts from the items the recorded check emitted: that check, as it went, is the
    // replay's check too.
    if let check = original.operationLog.first, check.moduleID == Trigger.id, let exchanges = check.exchanges {
      execution = execution.withTriggerCheck(
        moduleName: check.moduleName, duration: .zero, exchanges: HTTPExchange.list(fromJSON: Array(exchanges)))
    }
    execution.isReplay = true
    // Compared as stored: with the recorder's redaction applied.
    let stored = recorder.prepare(execution)
    try await store.finish(stored)
    return Outcome(
      comparison: ExecutionComparison(before: original, after: stored),
      executionID: executionID, counts: recorded?.counts)
  }

  /// Replays each of `executions` (oldest first, as the deploy gate lists them) through
  /// `compiled`; with recorded answers, up to ``concurrency`` at once. Rows come back in the order
  /// given; a confidential execution's row has no verdict.
  package func replay(
    _ executions: [ExecutionRecord], through compiled: CompiledScenario
  ) async throws
    -> [BatchRow]
  {
    let width: Int
    if case .recorded = answers { width = max(1, concurrency) } else { width = 1 }
    let structures = DataStructure.beside(compiled.scenario.source.path).structures
    var verdicts = [Verdict?](repeating: nil, count: executions.count)
    try await withThrowingTaskGroup(of: (Int, Verdict?).self) { group in
      var next = 0
      func startNext() {
        guard next < executions.count else { return }
        let index = next
        next += 1
        group.addTask {
          (index, try await verdict(executions[index].id, through: compiled, structures: structures))
        }
      }
      for _ in 0..<width { startNext() }
      while let (index, verdict) = try await group.next() {
        verdicts[index] = verdict
        startNext()
      }
    }
    return zip(executions, verdicts).map { BatchRow(original: $0, replay: $1) }
  }

  private func verdict(
    _ id: String, through compiled: CompiledScenario, structures: [String: DataStructure]
  ) async throws -> Verdict? {
    guard let original = try await store.execution(id: id), original.triggerBundle != nil else { return nil }
    let outcome = try await replay(original, through: compiled, structures: structures)
    let comparison = outcome.comparison
    return Verdict(
      executionID: outcome.executionID, hasDifferences: comparison.hasDifferences,
      stepsDiffering: comparison.steps.count,
      changedStatus: comparison.executionChanges.isEmpty ? nil : comparison.after.status,
      status: comparison.after.status)
  }

  /// The Sonar client of a replay answered in process or by the emulator. Its base URL's host is
  /// reserved (`.invalid`, RFC 2606) and never resolves: the transport answers or moves every
  /// request, and a request that escaped it could reach nothing.
  private static func sonarClient(token: String, transport: any HTTPTransport) throws -> SonarClient {
    SonarClient(
      token: token, configuration: SonarClient.Configuration(environment: try replayEnvironment.get()),
      transport: transport)
  }

  private static let replayEnvironment = Result { try SonarEnvironment(baseURL: "http://sonar.replay.invalid/api/v1") }
}

/// Why a replay could not be made.
package struct ReplayError: Error, CustomStringConvertible {
  package var description: String

  /// `--from` names a module the scenario does not declare.
  package static func unknownModule(_ id: Int, scenario: String) -> ReplayError {
    ReplayError(description: "the scenario \(scenario) has no module \(id) to replay from")
  }
}
