import Engine
import Expressions
import ScenarioModel
import Synchronization
import Testing

/// Compiles scenario text the way `run` does (validation first) and runs it with the built-in runners.
func compile(_ yaml: String) throws -> CompiledScenario {
  let parsed = ScenarioParser.parse(SourceFile(path: "test.yaml", text: yaml))
  let scenario = try #require(parsed.scenario, "\(parsed.diagnostics.map(\.message))")
  #expect(parsed.diagnostics.filter { $0.severity == .error }.isEmpty, "\(parsed.diagnostics.map(\.message))")
  return ScenarioCompiler.compile(scenario)
}

func run(
  _ yaml: String, bundles: [Value], runners: ModuleRunners = ModuleRunners(), options: Engine.Options = Engine.Options()
) async throws -> ExecutionResult {
  let engine = Engine(runners: BuiltinRunners.all.merging(runners), options: options)
  return await engine.run(try compile(yaml), triggerBundles: bundles)
}

/// A runner for tests: fails with a chosen error for bundles whose `fail` field is true, otherwise
/// echoes its input fields. Registered under `http.request`, a real catalogue module.
struct ScriptedRunner: ModuleRunner {
  var error = ModuleError(.connectionError, "the service is unavailable", statusCode: 503)
  var delay: Duration = .zero
  /// When set, every operation waits for the gate to open, deaf to cancellation.
  var gate: Gate?

  func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value] {
    if delay > .zero { try? await Task.sleep(for: delay) }
    if let gate { await gate.wait() }
    if input[field: "body"].value(at: [.key("fail")]) == true { throw error }
    return [.collection(input.fields)]
  }

  static func runners(_ runner: ScriptedRunner = ScriptedRunner()) -> ModuleRunners {
    ModuleRunners(["http.request": runner])
  }
}

/// The output of the last operation of module `id`.
func output(of id: Int, in result: ExecutionResult) -> Value? {
  result.events.last { $0.moduleID == id }?.outputs?.first
}

/// Holds whoever waits until the test opens it; waiting ignores cancellation.
final class Gate: Sendable {
  private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

  func wait() async {
    await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
      let isOpen = state.withLock { state in
        if !state.isOpen { state.waiters.append(waiter) }
        return state.isOpen
      }
      if isOpen { waiter.resume() }
    }
  }

  func open() {
    let waiters = state.withLock { state in
      state.isOpen = true
      defer { state.waiters = [] }
      return state.waiters
    }
    for waiter in waiters { waiter.resume() }
  }
}
