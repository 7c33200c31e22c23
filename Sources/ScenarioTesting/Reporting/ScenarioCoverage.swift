import Engine
package import ScenarioModel

/// What a scenario's tests exercised: every module, both outcomes of every filter, every route of
/// every router and every error handler, each taken or not by at least one case.
package struct ScenarioCoverage: Sendable {
  /// One thing a test can exercise.
  package struct Item: Sendable, Hashable {
    package var description: String
    package var location: SourceLocation
    package var isTaken: Bool
  }

  package var scenarioPath: String
  package var items: [Item]

  package var taken: Int { items.filter(\.isTaken).count }

  /// The share taken, 0–100 (100 for a scenario with nothing to take).
  package var percent: Double { items.isEmpty ? 100 : Double(taken) * 100 / Double(items.count) }

  package var missed: [Item] { items.filter { !$0.isTaken } }

  /// The coverage of `scenario` by `results` (the cases of every test file for it).
  package init(scenario: Scenario, path: String, results: [CaseResult]) {
    scenarioPath = path
    let events = results.compactMap(\.result).flatMap(\.events)
    var ran = Set<Int>()
    var stopped = Set<Int>()
    var failed = Set<Int>()
    for event in events {
      if event.isFiltered {
        stopped.insert(event.moduleID)
      } else {
        ran.insert(event.moduleID)
        if event.error != nil { failed.insert(event.moduleID) }
      }
    }
    var items: [Item] = []
    func walk(_ modules: [FlowModule]) {
      for module in modules {
        let id = module.id.value
        let name = "module \(id) (\(module.name ?? module.module.value))"
        // A router is not an operation (as in Make): its routes are what a test takes.
        if module.routes.isEmpty {
          items.append(Item(description: name, location: module.location, isTaken: ran.contains(id)))
        }
        if let filter = module.filter {
          let label = filter.name.map { "'\($0)'" } ?? "of \(name)"
          items.append(
            Item(description: "filter \(label) passing a bundle", location: filter.location, isTaken: ran.contains(id)))
          items.append(
            Item(
              description: "filter \(label) stopping a bundle", location: filter.location, isTaken: stopped.contains(id)
            ))
        }
        for (index, route) in module.routes.enumerated() {
          let label = route.name.map { "'\($0)'" } ?? "\(index + 1)"
          let taken = RouteUse.moduleIDs(of: route.flow).contains { ran.contains($0) || stopped.contains($0) }
          items.append(Item(description: "route \(label) of \(name)", location: route.location, isTaken: taken))
          walk(route.flow)
        }
        if let handler = module.onError {
          items.append(
            Item(description: "error handler of \(name)", location: handler.location, isTaken: failed.contains(id)))
          walk(handler.flow)
        }
      }
    }
    walk(scenario.flow)
    self.items = items
  }
}
