import Crypto
import Expressions
import Foundation
package import ModuleCatalogue
import OrderedCollections
package import ScenarioModel
import Validation

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
    return compile(scenario, catalogue: catalogue, diagnostics: report.diagnostics)
  }

  /// SHA-256 (lowercase hex) of a scenario's text: the `contentHash` of its executions.
  package static func contentHash(_ text: String) -> String {
    Hexadecimal.lowercase(SHA256.hash(data: Data(text.utf8)))
  }

  /// Compiles a scenario that passed validation, with what validation said of it.
  package static func compile(
    _ scenario: Scenario, catalogue: ModuleCatalogue = .standard, diagnostics: [Diagnostic] = []
  ) -> CompiledScenario {
    let triggerSpec =
      catalogue[scenario.trigger.module.value]
      ?? ModuleSpec(
        name: scenario.trigger.module.value, label: scenario.trigger.module.value, app: "", kind: .instantTrigger,
        runtime: .trigger, summary: "", output: .dynamic)
    let hash = contentHash(scenario.source.text)
    return CompiledScenario(
      scenario: scenario, triggerSpec: triggerSpec,
      triggerParams: withDefaults(compileFields(scenario.trigger.params), specs: triggerSpec.params),
      flow: compile(scenario.flow, catalogue: catalogue),
      timeZone: TimeZone(identifier: scenario.settings.timezone) ?? TimeZone(secondsFromGMT: 0) ?? .current,
      contentHash: hash, diagnostics: diagnostics)
  }

  private static func compileFields(_ mapping: YAMLMapping?) -> OrderedDictionary<String, CompiledValue> {
    var fields = OrderedDictionary<String, CompiledValue>()
    for entry in mapping?.entries ?? [] where !(entry.value.scalar?.isNull ?? false) {
      fields[entry.key.value] = CompiledValue(entry.value)
    }
    return fields
  }

  /// A module's fields or settings, with the definition's default for each one left out: runners
  /// read every field and param from here and never restate a default.
  private static func withDefaults(
    _ compiled: OrderedDictionary<String, CompiledValue>, specs: [FieldSpec]
  ) -> OrderedDictionary<String, CompiledValue> {
    var compiled = compiled
    for spec in specs {
      if compiled[spec.name] == nil {
        guard let text = spec.defaultValue else { continue }
        compiled[spec.name] = .constant(defaultValue(text, of: spec.type))
      } else if case .collection(let nested) = spec.type, case .constant(.collection(let given))? = compiled[spec.name]
      {
        // A collection setting written in the file (`signature: {header: …}`) gets the defaults of
        // the fields it leaves out, as a top-level setting does.
        var filled = given
        for field in nested where filled[field.name] == nil {
          if let text = field.defaultValue { filled[field.name] = defaultValue(text, of: field.type) }
        }
        compiled[spec.name] = .constant(.collection(filled))
      }
    }
    return compiled
  }

  /// A default written as scenario text, as the value the field's type gives it.
  private static func defaultValue(_ text: String, of type: FieldType) -> Value {
    switch type {
    case .boolean: .boolean(text == "true")
    case .number, .integer: Double(text).map(Value.number) ?? .text(text)
    default: .text(text)
    }
  }

  /// A flow list, each module knowing where the aggregator collecting its bundles sits in it.
  private static func compile(_ modules: [FlowModule], catalogue: ModuleCatalogue) -> [CompiledModule] {
    let sources = modules.map { aggregatorSource(of: $0, spec: spec(of: $0, catalogue: catalogue)) }
    return modules.enumerated().map { index, module in
      let aggregatorIndex = sources.indices.dropFirst(index + 1).first { sources[$0] == module.id.value }
      return compile(module, catalogue: catalogue, aggregatorIndex: aggregatorIndex)
    }
  }

  private static func spec(of module: FlowModule, catalogue: ModuleCatalogue) -> ModuleSpec {
    catalogue[module.module.value]
      ?? ModuleSpec(
        name: module.module.value, label: module.module.value, app: "", kind: .action,
        runtime: .runner(timeout: .make), summary: "", output: .dynamic)
  }

  private static func aggregatorSource(of module: FlowModule, spec: ModuleSpec) -> Int? {
    if spec.kind == .aggregator, case .int(let id)? = module.params?["source"]?.scalar?.resolved { return id }
    return nil
  }

  private static func compile(_ module: FlowModule, catalogue: ModuleCatalogue, aggregatorIndex: Int?) -> CompiledModule
  {
    let spec = spec(of: module, catalogue: catalogue)
    let source = aggregatorSource(of: module, spec: spec)
    return CompiledModule(
      id: module.id.value, name: module.module.value, label: module.name, spec: spec, location: module.location,
      fields: withDefaults(compileFields(module.map), specs: spec.fields),
      params: withDefaults(compileFields(module.params), specs: spec.params),
      filter: module.filter.map(CompiledFilter.init),
      routes: module.routes.map { route in
        CompiledRoute(
          name: route.name, filter: route.filter.map(CompiledFilter.init), isFallback: route.isFallback,
          flow: compile(route.flow, catalogue: catalogue))
      },
      onError: module.onError.map { handler in
        CompiledErrorHandler(
          flow: compile(handler.flow, catalogue: catalogue), directive: handler.directive.value,
          retry: handler.retry, output: handler.output.map { CompiledValue(.mapping($0)) })
      },
      aggregatorSource: source, aggregatorIndex: aggregatorIndex)
  }
}
