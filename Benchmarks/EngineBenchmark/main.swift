// Interpreter benchmarks, run by Benchmarks/engine/run.sh (release build):
//   overhead   — a 6-module chain of built-ins over N trigger bundles, sonarflow's interpreter vs the
//                same chain written by hand in Swift, in rounds (the median round is the figure);
//   overhead-side — one side of it alone, for Benchmarks/engine/callgrind.sh (instruction counts);
//   end-to-end — Watch New Customer → Get a Customer → Create/Update a Customer → Send a Message
//                against the emulator on loopback, executions per second.
import Emulator
import Engine
import Expressions
import Foundation
import Logging
import ModuleCatalogue
import OrderedCollections
import ScenarioModel
import SonarAPI
import SonarModules

func compile(_ yaml: String) -> CompiledScenario {
  let parsed = ScenarioParser.parse(SourceFile(path: "benchmark.yaml", text: yaml))
  guard let scenario = parsed.scenario, parsed.diagnostics.allSatisfy({ $0.severity != .error }) else {
    fatalError("benchmark scenario is invalid: \(parsed.diagnostics.map(\.message))")
  }
  return ScenarioCompiler.compile(scenario)
}

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

// MARK: Overhead

let overheadScenario = """
  name: Interpreter overhead
  trigger: { module: webhook.custom, params: { webhookName: bench } }
  flow:
    - { id: 2, module: util.setVariable, map: { name: customer, value: "{{1.name}}" } }
    - { id: 3, module: flow.iterator, map: { array: "{{1.items}}" } }
    - id: 4
      module: util.setVariable
      filter: { conditions: [[ { a: "{{3.value}}", op: "number:greater", b: 2 } ]] }
      map: { name: kept, value: "{{3.value * 2}}" }
    - { id: 5, module: flow.numericAggregator, params: { source: 3, function: SUM }, map: { value: "{{4.kept}}" } }
    - id: 6
      module: flow.router
      routes:
        - filter: { conditions: [[ { a: "{{5.result}}", op: "number:greater", b: 50 } ]] }
          flow: [ { id: 7, module: util.setVariable, map: { name: size, value: big } } ]
        - fallback: true
          flow: [ { id: 8, module: util.setVariable, map: { name: size, value: small } } ]
  """

func bundle(_ index: Int) -> Value {
  let items = (0..<10).map { Value.number(Double(($0 + index) % 10)) }
  return ["name": .text("customer \(index)"), "items": .array(items)]
}

/// The same chain by hand: the work the interpreter automates, with the same value types.
func handWritten(_ bundle: Value) -> (operations: Int, size: String) {
  var operations = 1
  var variables: [String: Value] = [:]
  variables["customer"] = bundle.value(at: [.key("name")])
  operations += 1
  guard case .array(let items) = bundle.value(at: [.key("items")]) else { return (operations, "") }
  operations += 1
  var sum = 0.0
  for item in items {
    guard case .number(let number) = item, number > 2 else { continue }
    let kept = Value.number(number * 2)
    variables["kept"] = kept
    operations += 1
    if case .number(let value) = kept { sum += value }
  }
  operations += 1
  let size = sum > 50 ? "big" : "small"
  variables["size"] = .text(size)
  operations += 1
  return (operations, size)
}

/// One round: the engine over every bundle, then the hand-written chain over the same bundles.
struct OverheadRound {
  var engineSeconds: Double
  var handSeconds: Double
  var operations: Int

  var engineRate: Double { Double(operations) / engineSeconds }
  var handRate: Double { Double(operations) / handSeconds }
  var ratio: Double { handRate / engineRate }
}

/// The engine over every bundle: operations, and a checksum of the last operation's output, which is
/// module 7 or 8's `{size: big|small}`, the value the hand-written chain returns.
func engineSide(
  _ scenario: CompiledScenario, _ engine: Engine, _ bundles: [Value]
) async -> (operations: Int, checksum: Int) {
  var operations = 0
  var checksum = 0
  for bundle in bundles {
    let result = await engine.run(scenario, triggerBundles: [bundle], executionID: "bench")
    operations += result.operations
    if case .collection(let fields)? = result.events.last?.outputs?.first, case .text(let size)? = fields["size"] {
      checksum &+= size.count
    }
  }
  return (operations, checksum)
}

/// The hand-written chain over every bundle, with the same operations and checksum.
func handSide(_ bundles: [Value]) -> (operations: Int, checksum: Int) {
  var operations = 0
  var checksum = 0
  for bundle in bundles {
    let (bundleOperations, size) = handWritten(bundle)
    operations += bundleOperations
    checksum &+= size.count
  }
  return (operations, checksum)
}

func overheadRound(_ scenario: CompiledScenario, _ engine: Engine, _ bundles: [Value]) async -> OverheadRound {
  let clock = ContinuousClock()
  var interpreter = (operations: 0, checksum: 0)
  let interpreterTime = await clock.measure { interpreter = await engineSide(scenario, engine, bundles) }
  var hand = (operations: 0, checksum: 0)
  let handTime = clock.measure { hand = handSide(bundles) }
  if hand.checksum != interpreter.checksum || hand.operations != interpreter.operations {
    print(
      "  error: the engine and the hand-written chain disagree [checksum \(hand.checksum), engine \(interpreter.checksum)]"
    )
    exit(1)
  }
  return OverheadRound(
    engineSeconds: seconds(interpreterTime), handSeconds: seconds(handTime), operations: hand.operations)
}

/// One side of the overhead benchmark alone, once, for Benchmarks/engine/callgrind.sh to count its
/// instructions: `engine`, `hand`, or `setup` (neither: the scenario, engine and bundles both start
/// from, which the script subtracts).
func overheadSide(_ side: String, count: Int) async {
  let scenario = compile(overheadScenario)
  let engine = Engine(runners: BuiltinRunners.all)
  let bundles = (0..<count).map(bundle)
  let result: (operations: Int, checksum: Int)
  switch side {
  case "engine": result = await engineSide(scenario, engine, bundles)
  case "hand": result = handSide(bundles)
  case "setup": result = withExtendedLifetime((scenario, engine)) { (0, bundles.count) }
  default:
    print("usage: EngineBenchmark overhead-side engine|hand|setup [COUNT]")
    exit(2)
  }
  print("overhead \(side): \(count) trigger bundles, \(result.operations) operations, checksum \(result.checksum)")
}

/// Runs `rounds` rounds in one go and reports the round with the median ratio: on a shared
/// machine one round can be slowed by anything else running, so every round is printed too.
func overhead(count: Int, rounds: Int) async {
  let scenario = compile(overheadScenario)
  let engine = Engine(runners: BuiltinRunners.all)
  let bundles = (0..<count).map(bundle)
  print(
    "interpreter overhead: \(count) trigger bundles, 7 modules (set variable, iterator over 10 items, filter, numeric aggregator, router, set variable), \(rounds) rounds"
  )
  print("  round   engine ops/s   hand-written ops/s   hand-written / engine")
  var results: [OverheadRound] = []
  for index in 1...rounds {
    let round = await overheadRound(scenario, engine, bundles)
    results.append(round)
    print(String(format: "  %5d   %12.0f   %18.0f   %20.1fx", index, round.engineRate, round.handRate, round.ratio))
  }
  let median = results.sorted { $0.ratio < $1.ratio }[(results.count - 1) / 2]
  print("  implementation        operations   seconds        ops/s   (median round)")
  print(
    String(
      format: "  sonarflow engine     %11d  %8.3f  %11.0f", median.operations, median.engineSeconds, median.engineRate))
  print(
    String(format: "  hand-written Swift   %11d  %8.3f  %11.0f", median.operations, median.handSeconds, median.handRate)
  )
  let ratios = results.map(\.ratio)
  print(
    String(
      format: "  hand-written / engine: %.1fx median of %d rounds (range %.1f–%.1fx; goal: within 10x)",
      median.ratio, rounds, ratios.min() ?? 0, ratios.max() ?? 0))
}

// MARK: End to end

let endToEndScenario = """
  name: Welcome end to end
  trigger: { module: sonar.watchNewCustomer, params: { webhookName: bench } }
  flow:
    - { id: 2, module: sonar.getCustomer, map: { phoneNumber: "{{1.customer.phone_number}}" } }
    - id: 3
      module: sonar.createOrUpdateCustomer
      map:
        phoneNumber: "{{2.phone_number}}"
        properties: [ { name: welcomed, value: "{{1.uuid}}" } ]
    - id: 4
      module: sonar.sendMessage
      map: { phoneNumber: "{{2.phone_number}}", text: "Hi {{ifempty(2.first_name; \\"there\\")}}, welcome ({{1.uuid}})" }
  """

func endToEnd(count: Int, concurrency: Int, customers: Int) async throws {
  var state = "{\"customers\": ["
  state += (0..<customers).map {
    "{\"phone_number\": \"+1310555\(String(format: "%04d", $0))\", \"first_name\": \"C\($0)\"}"
  }
  .joined(separator: ",")
  state += "]}"
  let initial = try EmulatorStateFile(json: Array(state.utf8))
  var logger = Logger(label: "bench.emulator")
  logger.logLevel = .error
  let emulator = try await SonarEmulator(configuration: .init(initialState: initial, logger: logger)).start()
  let client = SonarClient(
    token: "test-token",
    configuration: SonarClient.Configuration(
      environment: try SonarEnvironment(baseURL: emulator.baseURL), maxInFlight: concurrency * 2))
  let engine = Engine(runners: BuiltinRunners.all.merging(SonarModuleRunners.runners(client: client)))
  let scenario = compile(endToEndScenario)

  let clock = ContinuousClock()
  let statuses = Statuses()
  let elapsed = try await clock.measure {
    try await withThrowingTaskGroup(of: Void.self) { group in
      var next = 0
      func add() {
        let index = next
        next += 1
        group.addTask {
          let phone = Value.text("+1310555" + String(format: "%04d", index % customers))
          let customer: Value = ["phone_number": phone]
          let bundle: Value = ["uuid": .text("e\(index)"), "action": "customer_created", "customer": customer]
          let result = await engine.run(scenario, triggerBundles: [bundle], executionID: "e\(index)")
          await statuses.add(result.status == .success && result.operations == 4)
        }
      }
      for _ in 0..<min(concurrency, count) { add() }
      while try await group.next() != nil {
        if next < count { add() }
      }
    }
  }
  let (ok, failed) = await statuses.counts
  let stateJSON = await emulator.state()
  var messages = 0
  if case .object(let object) = stateJSON, case .array(let list)? = object["messages"] { messages = list.count }
  await emulator.stop()
  print(
    "end to end: \(count) executions of Watch New Customer → Get a Customer → Create/Update a Customer → Send a Message"
  )
  print("  against the emulator on loopback, \(concurrency) executions in flight, 3 Sonar calls each")
  print(
    String(
      format:
        "  %d succeeded, %d failed, %d messages in the emulator, %.3f s, %.0f executions/s (goal >= 2000; n8n publishes ~220 for one instance)",
      ok, failed, messages, seconds(elapsed), Double(ok) / seconds(elapsed)))
}

actor Statuses {
  private var ok = 0
  private var failed = 0
  func add(_ success: Bool) { if success { ok += 1 } else { failed += 1 } }
  var counts: (Int, Int) { (ok, failed) }
}

let arguments = CommandLine.arguments.dropFirst()
let mode = arguments.first ?? "overhead"
let count = arguments.dropFirst().first.flatMap(Int.init)
let rounds = arguments.dropFirst(2).first.flatMap(Int.init)
switch mode {
case "overhead":
  await overhead(count: count ?? 100_000, rounds: max(1, rounds ?? 5))
case "overhead-side":
  await overheadSide(arguments.dropFirst().first ?? "", count: arguments.dropFirst(2).first.flatMap(Int.init) ?? 20_000)
case "end-to-end":
  try await endToEnd(count: count ?? 20_000, concurrency: 64, customers: 1000)
default:
  print(
    "usage: EngineBenchmark overhead [COUNT] [ROUNDS] | overhead-side engine|hand|setup [COUNT] | end-to-end [COUNT]")
}
