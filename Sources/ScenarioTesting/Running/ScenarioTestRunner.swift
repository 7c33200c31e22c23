import AsyncHTTPClient
import Basics
package import Emulator
package import Engine
package import Expressions
import Foundation
import History
import Logging
package import ScenarioModel
import SonarAPI
import SonarModules

/// Runs test cases in this process: each case gets an emulator of its own on loopback, started
/// from the case's world, and an engine with sonarflow's runners sending Sonar calls to it (mocked
/// modules answer instead of their runner). Cases run concurrently, each isolated from the others.
package struct ScenarioTestRunner: Sendable {
  /// How many cases run at once.
  package var concurrency: Int

  package init(concurrency: Int = 4) {
    self.concurrency = max(1, concurrency)
  }

  /// Runs the cases of `file` against `scenario`, in the file's order in the result.
  package func run(_ file: ScenarioTestFile, scenario: CompiledScenario, filter: String? = nil) async -> [CaseResult] {
    let cases = file.cases.filter { filter == nil || $0.name.localizedCaseInsensitiveContains(filter ?? "") }
    return await withTaskGroup(of: (Int, CaseResult).self) { group in
      var results = [CaseResult?](repeating: nil, count: cases.count)
      var next = 0
      func startNext() {
        guard next < cases.count else { return }
        let index = next
        next += 1
        group.addTask { (index, await Self.run(cases[index], scenario: scenario)) }
      }
      for _ in 0..<min(concurrency, cases.count) { startNext() }
      for await (index, result) in group {
        results[index] = result
        startNext()
      }
      return results.compactMap { $0 }
    }
  }

  /// One case, start to finish.
  static func run(_ testCase: ScenarioTestCase, scenario: CompiledScenario) async -> CaseResult {
    let started = ContinuousClock.now
    var logger = Logger(label: "sonarflow.test.emulator")
    logger.logLevel = .critical
    let configuration = SonarEmulator.Configuration(initialState: testCase.world, logger: logger)
    let emulator: RunningEmulator
    do {
      emulator = try await SonarEmulator(configuration: configuration).start()
    } catch {
      return CaseResult(
        testCase: testCase,
        failures: [CaseFailure(location: testCase.location, message: "the emulator did not start: \(error)")],
        duration: started.duration(to: .now))
    }
    let result: ExecutionResult
    let world: JSONValue
    do {
      let client = SonarClient(
        token: configuration.token,
        configuration: SonarClient.Configuration(environment: try SonarEnvironment(baseURL: emulator.baseURL)))
      var runners = StandardRunners.make(
        sonar: client, tokenVariable: scenario.scenario.connection.tokenEnv, httpClient: SonarClient.sharedHTTPClient)
      runners = MockingRunner.install(testCase.mocks, over: runners, scenario: scenario)
      let engine = Engine(runners: runners)
      result = await engine.run(
        scenario, triggerBundles: testCase.trigger, executionID: "test", now: testCase.now)
      world = await emulator.state()
    } catch {
      await emulator.stop()
      return CaseResult(
        testCase: testCase,
        failures: [CaseFailure(location: testCase.location, message: "cannot reach the emulator: \(error)")],
        duration: started.duration(to: .now))
    }
    await emulator.stop()
    let failures = testCase.expectations.flatMap {
      ExpectationCheck.failures(of: $0, result: result, world: world, scenario: scenario)
    }
    return CaseResult(testCase: testCase, result: result, failures: failures, duration: started.duration(to: .now))
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

  package init(location: SourceLocation, message: String, expected: String? = nil, actual: String? = nil) {
    self.location = location
    self.message = message
    self.expected = expected
    self.actual = actual
  }
}
