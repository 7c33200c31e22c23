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
    // 64 workers, each taking every 64th execution.
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in 0..<min(64, count) {
        group.addTask {
          for index in stride(from: worker, to: count, by: 64) {
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
      }
      try await group.waitForAll()
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
  async throws -> (elapsed: Duration, cpuSeconds: Double, rows: [ExecutionReplayer.BatchRow], startedEmulator: Bool)
{
  let replayer = ExecutionReplayer(store: store, answers: answers, emulatorState: state)
  var rows: [ExecutionReplayer.BatchRow] = []
  let cpuStart = clock()
  let elapsed = try await ContinuousClock().measure {
    let listed = try await store.executions(
      matching: HistoryQuery(scenarioName: scenario.scenario.name.value, limit: count))
    rows = try await replayer.replay(listed.reversed(), through: scenario)
  }
  // The process's CPU time, every thread: on a machine shared with other work, the figure that
  // does not depend on how much of the CPU the process was given.
  let cpuSeconds = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
  let started = await replayer.emulator.isStarted
  await replayer.close()
  return (elapsed, cpuSeconds, rows, started)
}

let arguments = CommandLine.arguments.dropFirst()
let count = arguments.first.flatMap(Int.init) ?? 10_000
let referenceCount = arguments.dropFirst().first.flatMap(Int.init) ?? 1_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
  "sonarflow-replay-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let store = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
let scenarioFile = folder.appendingPathComponent("welcome-replay.yaml")
try scenarioText.write(to: scenarioFile, atomically: true, encoding: .utf8)
let scenario = try ScenarioCompiler.load(path: scenarioFile.path)
let state = try emulatorState(customers: 1000)

let recorded = try await record(count, scenario: scenario, into: store, state: state)
print("recorded \(count) executions of Get a Customer → Send a Message against the emulator")
print(
  String(
    format: "  %.3f s, %.0f executions/s (64 in flight)", recorded / .seconds(1),
    Double(count) / (recorded / .seconds(1))))

/// Prints one replay run: how many, what they came to, how long, executions per second.
func report(
  _ title: String,
  _ run: (elapsed: Duration, cpuSeconds: Double, rows: [ExecutionReplayer.BatchRow], startedEmulator: Bool)
)
  -> Double
{
  let seconds = run.elapsed / .seconds(1)
  let same = run.rows.filter { $0.replay?.hasDifferences == false }.count
  let rate = Double(run.rows.count) / seconds
  print(title)
  print(
    String(
      format: "  %d replayed (%d same, %d differ), %.3f s, %.0f executions/s", run.rows.count, same,
      run.rows.count - same, seconds, rate) + "; emulator started: \(run.startedEmulator ? "yes" : "no")")
  print(
    String(
      format: "  CPU %.3f s (all threads), %.0f executions per CPU-second", run.cpuSeconds,
      Double(run.rows.count) / run.cpuSeconds))
  return rate
}

let fastRate = report(
  "replay --recorded --last \(count): answered in process from the recorded exchanges (goal >= 5000/s)",
  try await replay(count, scenario: scenario, store: store, answers: .recorded, state: state))
let referenceRate = report(
  "reference: replay --emulator --last \(referenceCount): every request answered by one emulator over loopback",
  try await replay(referenceCount, scenario: scenario, store: store, answers: .emulator, state: state))
print(String(format: "recorded mode: %.1fx the reference", fastRate / referenceRate))
try? FileManager.default.removeItem(at: folder)
