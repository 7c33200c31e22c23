import Engine
import Expressions

/// Stands in for a module's runner in the modules a test mocks (by id), and lets every other
/// module of the same kind run as usual.
struct MockingRunner: ModuleRunner {
  let mocks: [Int: ModuleMock]
  let original: (any ModuleRunner)?

  func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value] {
    if let mock = mocks[input.moduleID] {
      switch mock.answer {
      case .outputs(let bundles): return bundles
      case .error(let error): throw error
      }
    }
    guard let original else {
      throw ModuleError(.invalidConfigurationError, "module '\(input.moduleName)' has no runner")
    }
    return try await original.run(input, context: context)
  }

  /// `runners` with every mocked module's kind answered by a mocking runner.
  static func install(
    _ mocks: [Int: ModuleMock], over runners: ModuleRunners, scenario: CompiledScenario
  )
    -> ModuleRunners
  {
    guard !mocks.isEmpty else { return runners }
    var names: [String: [Int: ModuleMock]] = [:]
    for module in scenario.scenario.allModules {
      if let mock = mocks[module.id.value] { names[module.module.value, default: [:]][module.id.value] = mock }
    }
    var installed = runners
    for (name, byID) in names {
      installed[name] = MockingRunner(mocks: byID, original: runners[name])
    }
    return installed
  }
}
