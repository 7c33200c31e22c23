import Engine
import ScenarioModel

/// Which routes of a router bundles took in an execution: a route is taken when a module on it
/// ran or had its filter stop a bundle (a router is not an operation, as in Make, and a route's
/// own filter leaves no record).
enum RouteUse {
  /// A route's label: its name, or its 1-based position when it has none.
  static func labels(of router: FlowModule) -> [String] {
    router.routes.enumerated().map { index, route in route.name ?? String(index + 1) }
  }

  /// The labels of the routes of `router` that `events` show taken, in route order.
  static func taken(of router: FlowModule, in events: [OperationEvent]) -> [String] {
    let reached = Set(events.map(\.moduleID))
    return zip(router.routes, labels(of: router)).compactMap { route, label in
      moduleIDs(of: route.flow).contains(where: reached.contains) ? label : nil
    }
  }

  /// Every module id in `modules`, nested routes and error handlers included.
  static func moduleIDs(of modules: [FlowModule]) -> [Int] {
    modules.flatMap { module in
      [module.id.value] + module.routes.flatMap { moduleIDs(of: $0.flow) } + moduleIDs(of: module.onError?.flow ?? [])
    }
  }
}
