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
  /// answers run one after the other, oldest first, so the state they see evolves in order). 64
  /// rather than 16: more replays share each group commit of their history writes
  /// (docs/benchmarks.md, "Replay").
  package var concurrency = 64
  /// How many originals a batch reads from the store in one call
  /// (``HistoryStore/executions(ids:)``).
  package var readBatchSize = 256
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
    try await replay(original, in: try Pass(self, scenario: compiled))
  }

  /// What every replay of one call through one scenario shares, made once rather than per replay:
  /// the data structures declared beside the scenario, the transport, the Sonar client, the
  /// runners, the engine and the recorder. With recorded answers the transport answers from the
  /// recording bound to the replay's task (``RecordedAnswers/current``), so one engine serves
  /// every replay of a batch.
  private struct Pass: Sendable {
    var compiled: CompiledScenario
    var runners: ModuleRunners
    var engine: Engine
    var recorder: HistoryRecorder

    init(_ replayer: ExecutionReplayer, scenario compiled: CompiledScenario) throws {
      let emulator = replayer.emulator
      let toEmulator = OriginTransport(base: replayer.http) { [emulator] in try await emulator.rootURL() }
      let sonar: SonarClient?
      // The secret history redacts: Sonar's token with `--sonar-url`; the emulator's is a public
      // test value, and requests answered from a recording carry none.
      let token: String?
      let transport: any HTTPTransport
      switch replayer.answers {
      case .recorded:
        transport = RecordedTransport(divergences: toEmulator)
        (sonar, token) = (try ExecutionReplayer.sonarClient(token: emulator.token, transport: transport), nil)
      case .emulator:
        transport = toEmulator
        (sonar, token) = (try ExecutionReplayer.sonarClient(token: emulator.token, transport: transport), nil)
      case .sonar(let client, let sonarToken):
        transport = replayer.http
        (sonar, token) = (client, sonarToken)
      }
      // Data store modules work on the history database's stores (with recorded answers, a read
      // with the recorded input is answered from the recording instead); what the replay writes is
      // rolled back at its end, so replaying never changes a store.
      self.compiled = compiled
      runners = StandardRunners.make(
        sonar: sonar, tokenVariable: compiled.scenario.connection.tokenEnv, httpClient: transport,
        dataStore: replayer.store as? any DataStoreStore,
        dataStructures: DataStructure.beside(compiled.scenario.source.path).structures)
      engine = Engine(runners: runners, options: Self.options)
      recorder = HistoryRecorder(
        store: replayer.store, isConfidential: compiled.scenario.settings.isConfidential,
        secrets: token.map { [$0] } ?? [])
    }

    /// The engine of a replay whose `operations` answer from the recording: the shared one when
    /// they are none.
    func engine(answering operations: RecordedOperations) -> Engine {
      operations.isEmpty ? engine : Engine(runners: operations.answering(runners), options: Self.options)
    }

    private static let options: Engine.Options = {
      var options = Engine.Options()
      options.keepsTransactionalWork = false
      return options
    }()
  }

  private func replay(_ original: ExecutionRecord, in pass: Pass) async throws -> Outcome {
    let compiled = pass.compiled
    let bundle = original.triggerBundle.flatMap { try? Value(jsonData: $0) } ?? .null
    let bundles: [Value]
    if case .array(let items) = bundle, original.status != .incomplete { bundles = items } else { bundles = [bundle] }
    var recorded: RecordedAnswers?
    var known = ExecutionComparison.KnownExchanges()
    if case .recorded = answers {
      // Read once: to answer from, and for the comparison.
      for operation in original.operationLog {
        known.before[operation.sequence] = HTTPExchange.list(fromJSON: Array(operation.exchanges ?? Data()))
      }
      // The flow's requests only: the trigger's check (a poll) is not made again.
      recorded = RecordedAnswers(
        original.operationLog.filter { $0.moduleID != Trigger.id }.flatMap { known.before[$0.sequence] ?? [] })
    }
    let operations = try RecordedOperations(
      original, in: compiled, from: startModule, dataStoreReads: recorded != nil)
    let engine = pass.engine(answering: operations)
    let executionID = UUIDText.random()
    if case .sonar = answers {
      // A replay whose requests reach Sonar (`--sonar-url`) is recorded as running first, as a run
      // is, so that one stopped half-way is seen as interrupted. One answered in the process (from
      // the recording, or by the command's own emulator) changes nothing outside it and is
      // recorded when it ends: a running row would double its history writes (docs/history.md,
      // "Replaying an execution against an edit").
      var running = compiled.runningRecord(id: executionID, parentID: original.id)
      running.isReplay = true
      try await pass.recorder.begin(running)
    }
    let result = await RecordedAnswers.$current.withValue(recorded) {
      await engine.run(compiled, triggerBundles: bundles, executionID: executionID)
    }
    // Bundles the replay stopped are not stored as incomplete executions: resuming one would send
    // for real what the replay only simulated.
    let (ran, _) = result.records(for: compiled, parentID: original.id)
    var execution = ran
    // The replay starts from the items the recorded check emitted: that check, as it went, is the
    // replay's check too.
    if let check = original.operationLog.first, check.moduleID == Trigger.id, let exchanges = check.exchanges {
      execution = execution.withTriggerCheck(
        moduleID: Trigger.id, moduleName: check.moduleName, duration: .zero,
        exchanges: known.before[check.sequence] ?? HTTPExchange.list(fromJSON: Array(exchanges)))
    }
    execution.isReplay = true
    // Compared as stored: with the recorder's redaction applied. An operation whose exchanges'
    // JSON the redaction kept as it was holds the engine's exchanges, which the comparison takes
    // as they are instead of reading that JSON back.
    let stored = pass.recorder.prepare(execution)
    try await store.finish(stored)
    // (A carried check's exchanges are not the engine's: its stored JSON differs from `ran`'s.)
    for (index, operation) in stored.operationLog.enumerated()
    where index < result.events.count && operation.exchanges == ran.operationLog[index].exchanges
      && result.events[index].sequence == operation.sequence
    {
      known.after[operation.sequence] = result.events[index].exchanges
    }
    return Outcome(
      comparison: ExecutionComparison(before: original, after: stored, known: known),
      executionID: executionID, counts: recorded?.counts)
  }

  /// Replays each of `executions` (oldest first, as the deploy gate lists them) through
  /// `compiled`; with recorded answers, up to ``concurrency`` at once. Rows come back in the order
  /// given; a confidential execution's row has no verdict. The originals are read
  /// ``readBatchSize`` at a time (``HistoryStore/executions(ids:)``), each batch while the
  /// previous one replays.
  package func replay(
    _ executions: [ExecutionRecord], through compiled: CompiledScenario
  ) async throws
    -> [BatchRow]
  {
    let width: Int
    if case .recorded = answers { width = max(1, concurrency) } else { width = 1 }
    let pass = try Pass(self, scenario: compiled)
    var verdicts = [Verdict?](repeating: nil, count: executions.count)
    let store = store
    let size = max(1, readBatchSize)
    func read(_ start: Int) -> Task<[ExecutionRecord?], any Error>? {
      guard start < executions.count else { return nil }
      let ids = executions[start..<min(start + size, executions.count)].map(\.id)
      return Task { try await store.executions(ids: ids) }
    }
    var reading = read(0)
    var batchStart = 0
    while let current = reading {
      let originals = try await current.value
      reading = read(batchStart + size)
      try await withThrowingTaskGroup(of: (Int, Verdict?).self) { group in
        var next = 0
        func startNext() {
          guard next < originals.count else { return }
          let index = next
          next += 1
          group.addTask {
            guard let original = originals[index], original.triggerBundle != nil else { return (index, nil) }
            return (index, try await verdict(original, in: pass))
          }
        }
        for _ in 0..<width { startNext() }
        while let (index, verdict) = try await group.next() {
          verdicts[batchStart + index] = verdict
          startNext()
        }
      }
      batchStart += size
    }
    return zip(executions, verdicts).map { BatchRow(original: $0, replay: $1) }
  }

  private func verdict(_ original: ExecutionRecord, in pass: Pass) async throws -> Verdict {
    let outcome = try await replay(original, in: pass)
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
