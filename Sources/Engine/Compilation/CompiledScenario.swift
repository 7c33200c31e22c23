package import Foundation
package import ModuleCatalogue
package import OrderedCollections
package import ScenarioModel

/// A scenario ready to run: every template compiled, every module's spec and runner resolved, the
/// flow's structure (routes, aggregator segments, error handlers) worked out once.
package struct CompiledScenario: Sendable {
  package let scenario: Scenario
  package let triggerSpec: ModuleSpec
  /// The trigger's static settings.
  package let triggerParams: OrderedDictionary<String, CompiledValue>
  package let flow: [CompiledModule]
  package let timeZone: TimeZone
  /// SHA-256 of the scenario file's bytes, hex.
  package let contentHash: String
  /// The ids of modules some aggregator collects from, so the interpreter only looks for an
  /// aggregator after those.
  package let aggregatorSources: Set<Int>
  /// The largest module id, for sizing per-execution tables.
  package let maxModuleID: Int
  /// Whether any mapping reads custom variables (`{{var.…}}`); when none does, the interpreter does
  /// not hand its variables to every evaluation (which would copy them on every change).
  package let readsVariables: Bool

  package init(
    scenario: Scenario, triggerSpec: ModuleSpec, triggerParams: OrderedDictionary<String, CompiledValue>,
    flow: [CompiledModule], timeZone: TimeZone, contentHash: String
  ) {
    self.scenario = scenario
    self.triggerSpec = triggerSpec
    self.triggerParams = triggerParams
    self.flow = flow
    self.timeZone = timeZone
    self.contentHash = contentHash
    var sources = Set<Int>()
    var maxID = 1
    func visit(_ modules: [CompiledModule]) {
      for module in modules {
        maxID = max(maxID, module.id)
        if let source = module.aggregatorSource { sources.insert(source) }
        for route in module.routes { visit(route.flow) }
        if let handler = module.onError { visit(handler.flow) }
      }
    }
    visit(flow)
    aggregatorSources = sources
    maxModuleID = min(maxID, 100_000)
    readsVariables = scenario.source.text.contains("var.")
  }
}

/// One flow module, compiled.
package final class CompiledModule: Sendable {
  package let id: Int
  package let name: String
  package let label: String?
  package let spec: ModuleSpec
  package let location: SourceLocation
  package let fields: OrderedDictionary<String, CompiledValue>
  package let params: OrderedDictionary<String, CompiledValue>
  package let filter: CompiledFilter?
  package let routes: [CompiledRoute]
  package let onError: CompiledErrorHandler?
  /// For aggregators: the module whose bundles they collect.
  package let aggregatorSource: Int?
  /// How the module reads in output: `3 sonar.sendMessage` or `3 Welcome text (sonar.sendMessage)`.
  package let displayName: String

  package init(
    id: Int, name: String, label: String?, spec: ModuleSpec, location: SourceLocation,
    fields: OrderedDictionary<String, CompiledValue>, params: OrderedDictionary<String, CompiledValue>,
    filter: CompiledFilter?, routes: [CompiledRoute], onError: CompiledErrorHandler?, aggregatorSource: Int?
  ) {
    self.id = id
    self.name = name
    self.label = label
    self.spec = spec
    self.location = location
    self.fields = fields
    self.params = params
    self.filter = filter
    self.routes = routes
    self.onError = onError
    self.aggregatorSource = aggregatorSource
    displayName = label.map { "\(id) \($0) (\(name))" } ?? "\(id) \(name)"
  }
}

/// A router's route, compiled.
package struct CompiledRoute: Sendable {
  package let name: String?
  package let filter: CompiledFilter?
  package let isFallback: Bool
  package let flow: [CompiledModule]
}

/// An error-handler route, compiled.
package struct CompiledErrorHandler: Sendable {
  package let flow: [CompiledModule]
  package let directive: Directive
  package let retry: Retry?
  /// With `resume`: the substitute output.
  package let output: CompiledValue?
}
