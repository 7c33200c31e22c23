import AsyncHTTPClient
import Basics
import DataStoreModules
package import Emulator
package import Engine
package import Expressions
import Foundation
import History
import Logging
import SQLiteHistory
package import ScenarioModel
import SonarAPI
import SonarModules
import Synchronization

/// Runs test cases in this process: each case gets a clean emulator on loopback, loaded with the
/// case's world, and an engine with sonarflow's runners sending Sonar calls to it (mocked modules
/// answer instead of their runner). Cases run concurrently, each on an emulator of its own at the
/// time; an emulator is started once per concurrent lane and loaded anew for every case.
package struct ScenarioTestRunner: Sendable {
  /// How many cases run at once.
  package var concurrency: Int

  /// The execution id of every case, so that a scenario that writes it gives the same every run.
  package static let executionID = SequentialID.text(0)

  package init(concurrency: Int = 4) {
    self.concurrency = max(1, concurrency)
  }

  /// Runs the cases of `file` against `scenario`, in the file's order in the result.
  package func run(_ file: ScenarioTestFile, scenario: CompiledScenario, filter: String? = nil) async -> [CaseResult] {
    await run([ScenarioTestLoader.Loaded(file: file, scenario: scenario)], filter: filter).first ?? []
  }

  /// Runs the cases of every file on the same lanes (an emulator each, started once for the whole
  /// run); the results per file, in each file's order.
  package func run(_ files: [ScenarioTestLoader.Loaded], filter: String? = nil) async -> [[CaseResult]] {
    let cases = files.enumerated().flatMap { fileIndex, loaded in
      loaded.file.cases.indices.compactMap { caseIndex -> (file: Int, case: Int)? in
        let name = loaded.file.cases[caseIndex].name
        return filter.map { name.localizedCaseInsensitiveContains($0) } ?? true ? (fileIndex, caseIndex) : nil
      }
    }
    var results = files.map { _ in [CaseResult]() }
    // The data store structures beside each scenario, each folder read once for all its cases.
    let structures = DataStructure.beside(each: files.map(\.scenario.scenario.source.path)).map(\.structures)
    let lanes = min(concurrency, cases.count)
    guard lanes > 0 else { return results }
    let next = CaseQueue(count: cases.count)
    let done = await withTaskGroup(of: [(Int, CaseResult)].self) { group in
      for _ in 0..<lanes {
        group.addTask {
          let lane = await Lane.start()
          var done: [(Int, CaseResult)] = []
          while let index = next.take() {
            let (file, number) = cases[index]
            let loaded = files[file]
            done.append(
              (
                index,
                await Self.run(
                  loaded.file.cases[number], scenario: loaded.scenario, structures: structures[file], on: lane)
              ))
          }
          if case .success(let running) = lane { await running.emulator.stop() }
          return done
        }
      }
      var all: [(Int, CaseResult)] = []
      for await finished in group { all += finished }
      return all
    }
    for (index, result) in done.sorted(by: { $0.0 < $1.0 }) { results[cases[index].file].append(result) }
    return results
  }

  /// A lane's emulator, with the client that reaches it.
  struct Lane: Sendable {
    let emulator: RunningEmulator
    let client: SonarClient

    static func start() async -> Result<Lane, CaseFailureReason> {
      var logger = Logger(label: "sonarflow.test.emulator")
      logger.logLevel = .critical
      let configuration = SonarEmulator.Configuration(logger: logger)
      do {
        let emulator = try await SonarEmulator(configuration: configuration).start()
        let client = SonarClient(
          token: configuration.token,
          configuration: SonarClient.Configuration(environment: try SonarEnvironment(baseURL: emulator.baseURL)))
        return .success(Lane(emulator: emulator, client: client))
      } catch {
        return .failure(CaseFailureReason(message: "the emulator did not start: \(error)"))
      }
    }
  }

  struct CaseFailureReason: Error {
    var message: String
  }

  /// One case on a lane's emulator, start to finish.
  static func run(
    _ testCase: ScenarioTestCase, scenario: CompiledScenario, structures: [String: DataStructure],
    on slot: Result<Lane, CaseFailureReason>
  ) async -> CaseResult {
    let started = ContinuousClock.now
    let lane: Lane
    switch slot {
    case .success(let running): lane = running
    case .failure(let reason):
      return CaseResult(
        testCase: testCase, failures: [CaseFailure(location: testCase.location, message: reason.message)],
        duration: started.duration(to: .now))
    }
    let scenario = testCase.timeZone.map { scenario.inTimeZone($0) } ?? scenario
    func failed(_ message: String) -> CaseResult {
      CaseResult(
        testCase: testCase, failures: [CaseFailure(location: testCase.location, message: message)],
        duration: started.duration(to: .now))
    }
    await lane.emulator.load(testCase.world, fixedAt: testCase.now)
    for fault in testCase.faults {
      let answer = await lane.emulator.control("/faults", body: fault)
      guard answer.status == 200 else { return failed("the emulator refused a fault: \(answer.body.serialized)") }
    }
    // Every HTTP request is answered from the case's stubs: nothing leaves the machine.
    let http = StubTransport(stubs: testCase.http)
    // Each case starts with empty data stores, in a history file of its own that goes afterwards.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sonarflow-test-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let dataStore: SQLiteHistory
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      dataStore = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
    } catch {
      return failed("cannot make the case's data stores: \(error)")
    }
    if let problem = await Self.seed(testCase.dataStores, into: dataStore, structures: structures) {
      return CaseResult(testCase: testCase, failures: [problem], duration: started.duration(to: .now))
    }
    var runners = StandardRunners.make(
      sonar: lane.client, tokenVariable: scenario.scenario.connection.tokenEnv, httpClient: http,
      dataStore: dataStore, dataStructures: structures)
    runners = MockingRunner.install(testCase.mocks, over: runners, scenario: scenario)
    var trigger = testCase.trigger ?? [.collection([:])]
    if testCase.trigger == nil, scenario.scenario.trigger.module.value == "http.watch" {
      do {
        trigger = try await HTTPWatch.pollOnce(scenario, transport: http)
      } catch {
        return failed("the trigger's poll failed: \(error)")
      }
    }
    let result = await Reproducible.run(with: Reproducible.Source()) {
      await Engine(runners: runners).run(
        scenario, triggerBundles: trigger, executionID: ScenarioTestRunner.executionID, now: testCase.now)
    }
    let world = await lane.emulator.state()
    var failures = http.unanswered.map { request in
      CaseFailure(
        location: testCase.location, message: "no HTTP stub answers \(request)",
        expected: "a stub under 'http:' for this URL", actual: "an unanswered request")
    }
    var records: DataStoreSnapshot = [:]
    for case .dataStoreRecord(let store, let key, _) in testCase.expectations.map(\.kind) {
      do {
        records[store, default: [:]][key] = try await dataStore.record(key, in: store)?.fields
      } catch {
        return failed("cannot read data store '\(store)' after the run: \(error)")
      }
    }
    failures += testCase.expectations.flatMap {
      ExpectationCheck.failures(of: $0, result: result, world: world, records: records, scenario: scenario)
    }
    return CaseResult(testCase: testCase, result: result, failures: failures, duration: started.duration(to: .now))
  }

  /// Writes a case's `dataStores:` records before its run, each checked and coerced against its
  /// store's declared structure as the Data store modules do. Returns the first problem, at the
  /// record that has it.
  static func seed(
    _ seeds: [DataStoreSeed], into dataStore: SQLiteHistory, structures: [String: DataStructure]
  ) async -> CaseFailure? {
    for seed in seeds {
      do {
        let fields: JSONObject
        if let structure = structures[seed.store] {
          fields = try structure.coerce(seed.fields)
        } else {
          fields = JSONObject(seed.fields.map { ($0.0, $0.1.json) })
        }
        try await dataStore.apply(
          [.put(store: seed.store, key: seed.key, fields: fields, overwrite: true)], limits: .none)
      } catch {
        let reason = (error as? ModuleError)?.message ?? "\(error)"
        return CaseFailure(location: seed.location, message: "the record '\(seed.key)' cannot be written: \(reason)")
      }
    }
    return nil
  }
}

/// Hands out case indices to the lanes, each once.
final class CaseQueue: Sendable {
  private let state: Mutex<Int>
  private let count: Int

  init(count: Int) {
    self.count = count
    state = Mutex(0)
  }

  func take() -> Int? {
    state.withLock { next in
      guard next < count else { return nil }
      defer { next += 1 }
      return next
    }
  }
}

/// What one case did and which expectations it missed.
package struct CaseResult: Sendable {
  package var testCase: ScenarioTestCase
  /// The execution (nil when the case could not run).
  package var result: ExecutionResult?
  package var failures: [CaseFailure]
  package var duration: Duration

  package init(testCase: ScenarioTestCase, result: ExecutionResult? = nil, failures: [CaseFailure], duration: Duration)
  {
    self.testCase = testCase
    self.result = result
    self.failures = failures
    self.duration = duration
  }

  package var passed: Bool { failures.isEmpty }
}

/// An expectation the run did not meet: where it was written, and expected against actual.
package struct CaseFailure: Sendable, Hashable {
  package var location: SourceLocation
  /// What was checked and how it failed: `module 3's input: text`.
  package var message: String
  package var expected: String?
  package var actual: String?
  /// What `--update` writes over the recorded expectation that missed (nil: not a recorded one).
  package var update: GoldenUpdate?

  package init(
    location: SourceLocation, message: String, expected: String? = nil, actual: String? = nil,
    update: GoldenUpdate? = nil
  ) {
    self.location = location
    self.message = message
    self.expected = expected
    self.actual = actual
    self.update = update
  }
}

extension CompiledScenario {
  /// The same scenario in another time zone (a case's `timezone:`).
  func inTimeZone(_ zone: TimeZone) -> CompiledScenario {
    CompiledScenario(
      scenario: scenario, triggerSpec: triggerSpec, triggerParams: triggerParams, flow: flow, timeZone: zone,
      contentHash: contentHash)
  }
}
