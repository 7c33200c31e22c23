// Replay throughput (issue #19 benchmark (b)), run by Benchmarks/replay/run.sh (release build):
// records N executions of Watch New Customer → Get a Customer → Send a Message against the emulator
// into a fresh SQLite history, then replays them all in recorded mode — what
// `sonarflow replay --scenario FILE --last N` does — and, as the reference in the same run, replays
// some of them with every request answered by one emulator over loopback (`--emulator`).
import Emulator
import Engine
import Expressions
import Foundation
import History
import Logging
import Replay
import SQLiteHistory
import ScenarioModel
import SonarAPI
import SonarModules

let scenarioText = """
  name: Welcome replay
  trigger: { module: sonar.watchNewCustomer, params: { webhookName: bench } }
  flow:
    - { id: 2, module: sonar.getCustomer, map: { phoneNumber: "{{1.customer.phone_number}}" } }
    - id: 3
      module: sonar.sendMessage
      map: { phoneNumber: "{{2.phone_number}}", text: "Hi {{ifempty(2.first_name; \\"there\\")}}, welcome ({{1.uuid}})" }
  """

func compile(_ yaml: String) -> CompiledScenario {
  let parsed = ScenarioParser.parse(SourceFile(path: "welcome-replay.yaml", text: yaml))
  guard let scenario = parsed.scenario, parsed.diagnostics.allSatisfy({ $0.severity != .error }) else {
    fatalError("benchmark scenario is invalid: \(parsed.diagnostics.map(\.message))")
  }
  return ScenarioCompiler.compile(scenario)
}

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func emulatorState(customers: Int) throws -> EmulatorStateFile {
  let list = (0..<customers).map {
    "{\"phone_number\": \"+1310555\(String(format: "%04d", $0))\", \"first_name\": \"C\($0)\"}"
  }
  return try EmulatorStateFile(json: Array("{\"customers\": [\(list.joined(separator: ","))]}".utf8))
}

/// Runs `count` executions against the emulator, 64 at a time, each recorded as `sonarflow run`
/// records it.
func record(
  _ count: Int, scenario: CompiledScenario, into store: SQLiteHistory, state: EmulatorStateFile
) async throws
  -> Duration
{
  var logger = Logger(label: "bench.emulator")
  logger.logLevel = .error
  let emulator = try await SonarEmulator(configuration: .init(initialState: state, logger: logger)).start()
  let client = SonarClient(
    token: "test-token",
    configuration: SonarClient.Configuration(environment: try SonarEnvironment(baseURL: emulator.baseURL)))
  let engine = Engine(
    runners: StandardRunners.make(sonar: client, tokenVariable: "SONAR_TOKEN", httpClient: SonarClient.sharedHTTPClient)
  )
  let recorder = HistoryRecorder(store: store, secrets: ["test-token"])
  let elapsed = try await ContinuousClock().measure {
    try await withThrowingTaskGroup(of: Void.self) { group in
      var next = 0
      func add() {
        let index = next
        next += 1
        group.addTask {
          let phone = Value.text("+1310555" + String(format: "%04d", index % 1000))
          let bundle: Value = [
            "uuid": .text("e\(index)"), "action": "customer_created", "customer": ["phone_number": phone],
          ]
          let id = UUID().uuidString.lowercased()
          try await recorder.begin(scenario.runningRecord(id: id))
          let result = await engine.run(scenario, triggerBundles: [bundle], executionID: id)
          guard result.status == .success else { fatalError("recording execution \(index) failed: \(result.status)") }
          try await recorder.finish(result.records(for: scenario).execution)
        }
      }
      for _ in 0..<min(64, count) { add() }
      while try await group.next() != nil {
        if next < count { add() }
      }
    }
  }
  await emulator.stop()
  return elapsed
}

/// The library call behind `sonarflow replay --scenario FILE --last N`: the N most recent
/// executions listed, then replayed oldest first.
func replay(
  _ count: Int, scenario: CompiledScenario, store: SQLiteHistory, answers: ExecutionReplayer.Answers,
  state: EmulatorStateFile
)
  async throws -> (elapsed: Duration, rows: [ExecutionReplayer.BatchRow], startedEmulator: Bool)
{
  let replayer = ExecutionReplayer(store: store, answers: answers, emulatorState: state)
  var rows: [ExecutionReplayer.BatchRow] = []
  let elapsed = try await ContinuousClock().measure {
    let listed = try await store.executions(
      matching: HistoryQuery(scenarioName: scenario.scenario.name.value, limit: count))
    rows = try await replayer.replay(listed.reversed(), through: scenario)
  }
  let started = await replayer.emulator.isStarted
  await replayer.close()
  return (elapsed, rows, started)
}

func describe(_ rows: [ExecutionReplayer.BatchRow]) -> String {
  let same = rows.filter { $0.replay?.hasDifferences == false }.count
  return "\(same) same, \(rows.count - same) differ"
}

let arguments = CommandLine.arguments.dropFirst()
let count = arguments.first.flatMap(Int.init) ?? 10_000
let referenceCount = arguments.dropFirst().first.flatMap(Int.init) ?? 1_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
  "sonarflow-replay-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let store = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
let scenario = compile(scenarioText)
let state = try emulatorState(customers: 1000)

let recorded = try await record(count, scenario: scenario, into: store, state: state)
print("recorded \(count) executions of Get a Customer → Send a Message against the emulator")
print(
  String(format: "  %.3f s, %.0f executions/s (64 in flight)", seconds(recorded), Double(count) / seconds(recorded)))

let fast = try await replay(count, scenario: scenario, store: store, answers: .recorded, state: state)
let fastRate = Double(fast.rows.count) / seconds(fast.elapsed)
print("replay --recorded --last \(count): answered in process from the recorded exchanges")
print(
  String(
    format: "  %d replayed (%@), %.3f s, %.0f executions/s (goal >= 5000); emulator started: %@",
    fast.rows.count, describe(fast.rows), seconds(fast.elapsed), fastRate, fast.startedEmulator ? "yes" : "no"))

let reference = try await replay(referenceCount, scenario: scenario, store: store, answers: .emulator, state: state)
let referenceRate = Double(reference.rows.count) / seconds(reference.elapsed)
print("reference: replay --emulator --last \(referenceCount): every request answered by one emulator over loopback")
print(
  String(
    format: "  %d replayed, %.3f s, %.0f executions/s; recorded mode is %.1fx that",
    reference.rows.count, seconds(reference.elapsed), referenceRate, fastRate / referenceRate))
