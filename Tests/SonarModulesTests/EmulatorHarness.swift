import Emulator
import Engine
import Expressions
import Foundation
import SonarAPI
import SonarModules
import SonarflowTesting
import Testing

/// An emulator started in this process with the examples' state, and an engine whose Sonar modules
/// talk to it over real HTTP on loopback.
struct EmulatorHarness {
  let emulator: RunningEmulator
  let engine: Engine

  static func start(dryRun: Bool = false, moduleTimeout: Duration = .seconds(10)) async throws -> EmulatorHarness {
    let state = try EmulatorStateFile(
      contentsOf: Fixture.repositoryRoot.appendingPathComponent("scenarios/emulator-state.json"))
    let configuration = SonarEmulator.Configuration(initialState: state, webhookRetryScale: 0.001)
    let emulator = try await SonarEmulator(configuration: configuration).start()
    var retry = RetryPolicy.default
    retry.baseDelay = .milliseconds(5)
    retry.maxDelay = .milliseconds(50)
    let client = SonarClient(
      token: configuration.token,
      configuration: SonarClient.Configuration(
        environment: try SonarEnvironment(baseURL: emulator.baseURL), retry: retry))
    var options = Engine.Options()
    options.isDryRun = dryRun
    options.moduleTimeoutCap = moduleTimeout
    let runners = BuiltinRunners.all.merging(SonarModuleRunners.runners(client: client))
    return EmulatorHarness(emulator: emulator, engine: Engine(runners: runners, options: options))
  }

  func stop() async { await emulator.stop() }

  /// Runs `body` with a harness that is stopped (and awaited) before this returns, whatever the
  /// body does.
  static func withHarness<T>(
    dryRun: Bool = false, moduleTimeout: Duration = .seconds(10), _ body: (EmulatorHarness) async throws -> T
  ) async throws -> T {
    let harness = try await start(dryRun: dryRun, moduleTimeout: moduleTimeout)
    do {
      let value = try await body(harness)
      await harness.stop()
      return value
    } catch {
      await harness.stop()
      throw error
    }
  }

  /// `GET /_emulator/state` as engine values.
  func state() async -> Value {
    Value(json: await emulator.state())
  }

  func messages(to phone: String, direction: String = "outbound") async -> [Value] {
    guard case .array(let messages) = await state().value(at: PathComponent.parse(dotted: "messages")) else {
      return []
    }
    return messages.filter {
      $0.value(at: [.key("phone_number")]) == .text(phone) && $0.value(at: [.key("direction")]) == .text(direction)
    }
  }

  func customer(_ phone: String) async -> Value? {
    guard case .array(let customers) = await state().value(at: [.key("customers")]) else { return nil }
    return customers.first { $0.value(at: [.key("phone_number")]) == .text(phone) }
  }

  /// Loads an example scenario and its bundle file from `scenarios/`.
  static func example(_ name: String) throws -> (CompiledScenario, [Value]) {
    let path = Fixture.repositoryRoot.appendingPathComponent("scenarios/\(name).yaml").path
    let compiled = try ScenarioCompiler.load(path: path)
    let bundleURL = Fixture.repositoryRoot.appendingPathComponent("scenarios/bundles/\(name).json")
    var bundles: [Value] = []
    if let data = FileManager.default.contents(atPath: bundleURL.path) {
      let value = try Value(jsonData: data)
      if case .array(let items) = value { bundles = items } else { bundles = [value] }
    }
    return (compiled, bundles)
  }
}
