package import ModuleCatalogue
package import ScenarioModel

/// What every check needs: the scenario, the catalogue, and which modules come before which.
package struct ValidationContext: Sendable {
  package let scenario: Scenario
  package let catalogue: ModuleCatalogue
  /// For each flow module id, the ids of the modules that run before it on its path (the trigger
  /// included), in order. Error-handler modules see the modules before the module they handle,
  /// and that module.
  package let upstream: [Int: [Int]]
  /// For each module on an error-handler route, the modules whose error it may read: the module
  /// the route handles, and those of the routes around it. Such a module outputs only its error
  /// there (`OutputShape.moduleError`).
  package let failedModules: [Int: Set<Int>]
  /// Every module by id (the trigger under id 1).
  package let moduleNames: [Int: String]

  package init(scenario: Scenario, catalogue: ModuleCatalogue) {
    self.scenario = scenario
    self.catalogue = catalogue
    var upstream: [Int: [Int]] = [:]
    var failedModules: [Int: Set<Int>] = [:]
    var names: [Int: String] = [Trigger.id: scenario.trigger.module.value]
    func walk(_ modules: [FlowModule], before: [Int], failed: Set<Int> = []) {
      var path = before
      for module in modules {
        let id = module.id.value
        if upstream[id] == nil { upstream[id] = path }
        if !failed.isEmpty, failedModules[id] == nil { failedModules[id] = failed }
        // After an aggregator, its source and the modules between are out of scope (Make): only
        // the modules before the source and the aggregator's output stay mappable.
        if catalogue[module.module.value]?.kind == .aggregator,
          case .int(let source)? = module.params?["source"]?.scalar?.resolved,
          let sourceIndex = path.firstIndex(of: source), source != Trigger.id
        {
          path.removeSubrange(sourceIndex...)
        }
        if names[id] == nil { names[id] = module.module.value }
        for route in module.routes { walk(route.flow, before: path + [id], failed: failed) }
        if let handler = module.onError { walk(handler.flow, before: path + [id], failed: failed.union([id])) }
        path.append(id)
      }
    }
    walk(scenario.flow, before: [Trigger.id])
    self.upstream = upstream
    self.failedModules = failedModules
    self.moduleNames = names
  }
}
