import Basics
import Emulator
import Engine
import Expressions
import Foundation
import History
import Hummingbird
import NIOCore
import Replay
import SQLiteHistory
import ScenarioModel
import SonarAPI
import SonarModules
import SonarflowTesting
import Synchronization
import Testing

/// Replays through the library `sonarflow replay` calls: answered in process from the recording,
/// the emulator started only for what the recording does not hold, once per replayer.
@Suite struct ExecutionReplayerTests {
  let store: SQLiteHistory
  let welcome: CompiledScenario

  init() throws {
    let folder = try Fixture.temporaryDirectory("replayer")
    store = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
    welcome = try ScenarioCompiler.load(path: Self.example("welcome-new-customer.yaml"))
  }

  static func example(_ name: String) -> String {
    Fixture.repositoryRoot.appendingPathComponent("scenarios/\(name)").path
  }

  /// The data of the emulator the examples run against: Ann is a subscribed customer.
  static func examplesState() throws -> EmulatorStateFile {
    try EmulatorStateFile(contentsOf: URL(fileURLWithPath: example("emulator-state.json")))
  }

  /// The welcome example with `replace` applied to its text.
  func edited(_ replace: (String) -> String) throws -> CompiledScenario {
    let text = try String(contentsOfFile: Self.example("welcome-new-customer.yaml"), encoding: .utf8)
    let parsed = ScenarioParser.parse(SourceFile(path: Self.example("welcome-new-customer.yaml"), text: replace(text)))
    return ScenarioCompiler.compile(try #require(parsed.scenario))
  }

  /// Runs the welcome example `count` times against an emulator loaded with the examples' state,
  /// recorded as `sonarflow run` records; the executions, oldest first. The trigger bundles name
  /// the customers of `phoneNumbers` in turn (Ann's alone by default).
  func record(_ count: Int, phoneNumbers: [String] = ["+13105551234"]) async throws -> [ExecutionRecord] {
    let state = try Self.examplesState()
    let emulator = try await SonarEmulator(configuration: .init(initialState: state)).start()
    let client = SonarClient(token: "test-token", environment: try SonarEnvironment(baseURL: emulator.baseURL))
    let engine = Engine(
      runners: StandardRunners.make(
        sonar: client, tokenVariable: "SONAR_TOKEN", httpClient: SonarClient.sharedHTTPClient))
    let recorder = HistoryRecorder(store: store, secrets: ["test-token"])
    let bundleText = try String(
      contentsOfFile: Self.example("bundles/welcome-new-customer.json"), encoding: .utf8)
    var records: [ExecutionRecord] = []
    for index in 0..<count {
      let bundle = try Value(
        jsonData: Data(
          bundleText.replacingOccurrences(of: "+13105551234", with: phoneNumbers[index % phoneNumbers.count]).utf8))
      let result = await engine.run(welcome, triggerBundles: [bundle])
      try await recorder.finish(result.records(for: welcome).execution)
      records.append(try #require(try await store.execution(id: result.executionID)))
    }
    await emulator.stop()
    return records
  }

  @Test func anUnchangedReplayIsAnsweredInProcessWithoutAnEmulator() async throws {
    let original = try #require(try await record(1).first)
    let replayer = ExecutionReplayer(store: store, answers: .recorded)
    let outcome = try await replayer.replay(original, through: welcome)
    #expect(!outcome.comparison.hasDifferences)
    #expect(outcome.counts.map { [$0.answered, $0.diverged] } == [2, 0])
    #expect(await replayer.emulator.isStarted == false)
    let replayed = try #require(try await store.execution(id: outcome.executionID))
    #expect(replayed.isReplay && replayed.parentID == original.id && replayed.status == .success)
    #expect(replayed.operationLog.map(\.moduleID) == original.operationLog.map(\.moduleID))
    await replayer.close()
  }

  /// A replay answered in the process (from the recording, or by the command's emulator) is
  /// recorded once, when it ends; one whose requests reach Sonar is recorded as running first, as
  /// a run is. (An emulator on loopback stands in for Sonar.)
  @Test func onlyAReplayAgainstSonarIsRecordedAsRunningFirst() async throws {
    let original = try #require(try await record(1).first)
    let begun = BegunIDs(store)
    let state = try Self.examplesState()
    var replayed: [String] = []
    for answers in [ExecutionReplayer.Answers.recorded, .emulator] {
      let replayer = ExecutionReplayer(store: begun, answers: answers, emulatorState: state)
      replayed.append(try await replayer.replay(original, through: welcome).executionID)
      await replayer.close()
    }
    #expect(begun.ids.isEmpty)
    let sonar = try await SonarEmulator(configuration: .init(initialState: state)).start()
    let client = SonarClient(token: "test-token", environment: try SonarEnvironment(baseURL: sonar.baseURL))
    let replayer = ExecutionReplayer(store: begun, answers: .sonar(client, token: "test-token"))
    let sent = try await replayer.replay(original, through: welcome)
    await replayer.close()
    await sonar.stop()
    #expect(begun.ids == [sent.executionID])
    for id in replayed + [sent.executionID] {
      #expect(try await store.execution(id: id)?.status == .success)
    }
  }

  /// Divergences of several replays are answered by one emulator, started at the first: it takes
  /// the first replay's message and refuses the same text to the same customer from the others
  /// (Sonar's duplicate window), which a fresh emulator per replay would each have taken.
  @Test func divergencesShareOneEmulatorStartedAtTheFirst() async throws {
    let originals = try await record(3)
    let scenario = try edited { $0.replacingOccurrences(of: "welcome! Reply", with: "hello! Reply") }
    var replayer = ExecutionReplayer(store: store, answers: .recorded, emulatorState: try Self.examplesState())
    replayer.concurrency = 3
    let rows = try await replayer.replay(originals, through: scenario)
    #expect(rows.map(\.original.id) == originals.map(\.id))
    #expect(rows.allSatisfy { $0.replay?.hasDifferences == true })
    #expect(rows.filter { $0.replay?.status == .success }.count == 1)
    let state = try #require(await replayer.emulator.state())
    guard case .object(let object) = state, case .array(let messages)? = object["messages"] else {
      Issue.record("no messages in the emulator's state: \(state)")
      return
    }
    #expect(messages.count == 1)
    await replayer.close()
  }

  /// A batch keeps the order it was given, whatever order the concurrent replays end in.
  @Test func aConcurrentBatchKeepsItsOrder() async throws {
    let originals = try await record(20)
    var replayer = ExecutionReplayer(store: store, answers: .recorded)
    replayer.concurrency = 8
    let rows = try await replayer.replay(originals.reversed(), through: welcome)
    #expect(rows.map(\.original.id) == originals.reversed().map(\.id))
    #expect(rows.allSatisfy { $0.replay?.hasDifferences == false })
    #expect(Set(rows.compactMap { $0.replay?.executionID }).count == 20)
    #expect(await replayer.emulator.isStarted == false)
  }

  /// One engine serves a whole batch: each replay is answered from its own recording, bound to
  /// its task, however many run at once and across the batches the originals are read in. Ann's
  /// executions made two requests, Bo's one (he is not subscribed): a replay answered from
  /// another's recording would diverge and start the emulator.
  @Test func eachReplayOfABatchIsAnsweredFromItsOwnRecording() async throws {
    let originals = try await record(10, phoneNumbers: ["+13105551234", "+13105555678"])
    #expect(originals.map { $0.operationLog.count } == [3, 3, 3, 3, 3, 3, 3, 3, 3, 3])
    #expect(
      originals.map { $0.operationLog.last?.isFiltered } == [
        false, true, false, true, false, true, false, true, false, true,
      ])
    var replayer = ExecutionReplayer(store: store, answers: .recorded)
    replayer.concurrency = 4
    replayer.readBatchSize = 3
    let rows = try await replayer.replay(originals, through: welcome)
    #expect(rows.map(\.original.id) == originals.map(\.id))
    #expect(rows.map { $0.replay?.hasDifferences } == Array(repeating: false, count: 10))
    #expect(rows.map { $0.replay?.status } == originals.map(\.status))
    #expect(await replayer.emulator.isStarted == false)
    for (original, row) in zip(originals, rows) {
      let replayID = try #require(row.replay?.executionID)
      let replayed = try #require(try await store.execution(id: replayID))
      #expect(replayed.parentID == original.id)
      #expect(replayed.operationLog.map(\.input) == original.operationLog.map(\.input))
    }
  }

  /// `--from 3`: module 2 answers with its recorded operation (Ann) and asks the emulator
  /// nothing, where the customer is now Annie; module 3 runs against the emulator with the
  /// recorded name.
  @Test func fromAModuleTheModulesBeforeItAnswerWithTheirRecordedOperations() async throws {
    let original = try #require(try await record(1).first)
    let text = try String(contentsOfFile: Self.example("emulator-state.json"), encoding: .utf8)
    let renamed = try EmulatorStateFile(
      json: Array(text.replacingOccurrences(of: #""first_name": "Ann""#, with: #""first_name": "Annie""#).utf8))
    var replayer = ExecutionReplayer(store: store, answers: .emulator, emulatorState: renamed)
    replayer.startModule = 3
    let outcome = try await replayer.replay(original, through: welcome)
    #expect(outcome.comparison.after.status == .success)
    #expect(!outcome.comparison.steps.contains { $0.moduleID == 2 })
    #expect(try await messageTexts(replayer) == ["Hi Ann, welcome! Reply STOP to opt out."])
    await replayer.close()

    // Without --from, module 2 asks the emulator, and the message greets Annie.
    let whole = ExecutionReplayer(store: store, answers: .emulator, emulatorState: renamed)
    let rerun = try await whole.replay(original, through: welcome)
    #expect(rerun.comparison.steps.contains { $0.moduleID == 2 })
    #expect(try await messageTexts(whole) == ["Hi Annie, welcome! Reply STOP to opt out."])
    await whole.close()
  }

  /// The texts of the messages the replayer's emulator holds.
  private func messageTexts(_ replayer: ExecutionReplayer) async throws -> [String] {
    let state = try #require(await replayer.emulator.state())
    guard case .object(let object) = state, case .array(let messages)? = object["messages"] else { return [] }
    return messages.compactMap { $0.objectValue?["text"]?.stringValue }
  }

  @Test func fromAModuleTheScenarioDoesNotDeclareIsRefused() async throws {
    let original = try #require(try await record(1).first)
    var replayer = ExecutionReplayer(store: store, answers: .recorded)
    replayer.startModule = 9
    await #expect(throws: ReplayError.self) { try await replayer.replay(original, through: welcome) }
  }

  /// A polling execution's first operation is the trigger's check, with the poll's request and
  /// answer. A replay starts from the items that check emitted: it carries the check over as it
  /// went and compares the same, and the poll's answer never answers the flow's own request to the
  /// same URL (which got a different answer).
  @Test func aPollsCheckIsCarriedOverAndNeverAnswersTheFlow() async throws {
    let fetches = Mutex(0)
    let responder = CallbackResponder<BasicRequestContext> { _, _ in
      let count = fetches.withLock { fetches in
        fetches += 1
        return fetches
      }
      return Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"data": [{"id": 7, "fetch": \#(count)}]}"#)))
    }
    try await LoopbackHTTPServer.run(responder) { port in
      let url = "http://127.0.0.1:\(port)/items"
      let folder = try Fixture.temporaryDirectory("replay-poll")
      let source = SourceFile(
        path: folder.appendingPathComponent("poll.yaml").path,
        text: """
          name: Poll and fetch
          trigger:
            module: http.watch
            params: { url: "\(url)", itemsPath: data, idPath: id }
            schedule: { every: 1h }
          flow:
            - id: 2
              module: http.request
              map: { url: "\(url)" }
          """)
      let compiled = ScenarioCompiler.compile(try #require(ScenarioParser.parse(source).scenario))
      // Recorded as serve's poller records a check that emitted items.
      let log = ExchangeLog()
      let items = try await ExchangeLog.$current.withValue(log) {
        try await HTTPWatch(params: compiled.constantTriggerParams).fetch(httpClient: SonarClient.sharedHTTPClient)
      }
      let engine = Engine(
        runners: StandardRunners.make(
          sonar: nil, tokenVariable: "SONAR_TOKEN", httpClient: SonarClient.sharedHTTPClient))
      let result = await engine.run(compiled, triggerBundles: items)
      try await HistoryRecorder(store: store, secrets: []).finish(
        result.records(for: compiled).execution.withTriggerCheck(
          moduleID: Trigger.id, moduleName: "http.watch", duration: .milliseconds(3), exchanges: log.all))
      let original = try #require(try await store.execution(id: result.executionID))
      #expect(original.operationLog.map(\.moduleID) == [1, 2])
      #expect(original.operationLog.allSatisfy { $0.exchanges != nil })

      let replayer = ExecutionReplayer(store: store, answers: .recorded)
      let outcome = try await replayer.replay(original, through: compiled)
      #expect(!outcome.comparison.hasDifferences, "\(outcome.comparison.steps)")
      #expect(outcome.counts.map { [$0.answered, $0.diverged] } == [1, 0])
      #expect(fetches.withLock { $0 } == 2)
      let replayed = try #require(try await store.execution(id: outcome.executionID))
      #expect(replayed.operationLog.first?.exchanges == original.operationLog.first?.exchanges)
      await replayer.close()
    }
  }
}

/// The SQLite history, noting the id of every execution begun through it.
private final class BegunIDs: HistoryStore {
  private let store: SQLiteHistory
  private let begun = Mutex<[String]>([])
  var ids: [String] { begun.withLock { $0 } }

  init(_ store: SQLiteHistory) { self.store = store }

  func begin(_ execution: ExecutionRecord) async throws {
    begun.withLock { $0.append(execution.id) }
    try await store.begin(execution)
  }
  func finish(_ execution: ExecutionRecord) async throws { try await store.finish(execution) }
  func execution(id: String) async throws -> ExecutionRecord? { try await store.execution(id: id) }
  func executions(matching query: HistoryQuery) async throws -> [ExecutionRecord] {
    try await store.executions(matching: query)
  }
  func markInterrupted() async throws -> Int { try await store.markInterrupted() }
  func prune(olderThan: Date?, keepExecutions: Int?) async throws -> Int {
    try await store.prune(olderThan: olderThan, keepExecutions: keepExecutions)
  }
}
