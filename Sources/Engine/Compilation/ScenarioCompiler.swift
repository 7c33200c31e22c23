import Crypto
package import Foundation
package import ModuleCatalogue
import OrderedCollections
package import ScenarioModel
package import Validation

/// Loads scenario files for running: validate first (an invalid scenario never runs), then compile
/// every template once.
package enum ScenarioCompiler {
  package enum LoadError: Error, Sendable {
    /// The scenario has errors; these are validate's diagnostics.
    case invalid([Diagnostic], source: SourceFile?)
  }

  /// Reads, validates and compiles the scenario at `path`.
  package static func load(path: String, catalogue: ModuleCatalogue = .standard) throws(LoadError) -> CompiledScenario {
    let report = Validator(catalogue: catalogue).validate(file: path)
    guard !report.hasErrors, let scenario = report.scenario else {
      throw .invalid(report.diagnostics.filter { $0.severity == .error }, source: report.scenario?.source)
    }
    return compile(scenario, catalogue: catalogue)
  }

  /// Compiles a scenario that passed validation.
  package static func compile(_ scenario: Scenario, catalogue: ModuleCatalogue = .standard) -> CompiledScenario {
    let triggerSpec = catalogue[scenario.trigger.module.value]
      ?? ModuleSpec(name: scenario.trigger.module.value, label: scenario.trigger.module.value, app: "", kind: .instantTrigger, summary: "", output: .dynamic)
    let hash = SHA256.hash(data: Data(scenario.source.text.utf8)).map { String(format: "%02x", $0) }.joined()
    return CompiledScenario(
      scenario: scenario, triggerSpec: triggerSpec, triggerParams: compileFields(scenario.trigger.params),
      flow: scenario.flow.map { compile($0, catalogue: catalogue) },
      timeZone: TimeZone(identifier: scenario.settings.timezone) ?? TimeZone(secondsFromGMT: 0) ?? .current,
      contentHash: hash)
  }

  private static func compileFields(_ mapping: YAMLMapping?) -> OrderedDictionary<String, CompiledValue> {
    var fields = OrderedDictionary<String, CompiledValue>()
    for entry in mapping?.entries ?? [] where !(entry.value.scalar?.isNull ?? false) {
      fields[entry.key.value] = CompiledValue(entry.value)
    }
    return fields
  }

  private static func compile(_ module: FlowModule, catalogue: ModuleCatalogue) -> CompiledModule {
    let spec = catalogue[module.module.value]
      ?? ModuleSpec(name: module.module.value, label: module.module.value, app: "", kind: .action, summary: "", output: .dynamic)
    var source: Int?
    if spec.kind == .aggregator, case .int(let id)? = module.params?["source"]?.scalar?.resolved { source = id }
    return CompiledModule(
      id: module.id.value, name: module.module.value, label: module.name, spec: spec, location: module.location,
      fields: compileFields(module.map), params: compileFields(module.params), filter: module.filter.map(CompiledFilter.init),
      routes: module.routes.map { route in
        CompiledRoute(
          name: route.name, filter: route.filter.map(CompiledFilter.init), isFallback: route.isFallback,
          flow: route.flow.map { compile($0, catalogue: catalogue) })
      },
      onError: module.onError.map { handler in
        CompiledErrorHandler(
          flow: handler.flow.map { compile($0, catalogue: catalogue) }, directive: handler.directive.value,
          retry: handler.retry, output: handler.output.map { CompiledValue(.mapping($0)) })
      },
      aggregatorSource: source)
  }
}
