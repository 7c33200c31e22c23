package import ModuleCatalogue
package import ScenarioModel

/// What every check needs: the scenario, the catalogue, and which modules come before which.
package struct ValidationContext: Sendable {
  package let scenario: Scenario
  package let catalogue: ModuleCatalogue
  /// For each flow module id, the last module that runs before it on its path (the trigger
  /// included), as a node of ``paths``; ``upstream(of:)`` lists the whole path. Error-handler
  /// modules see the modules before the module they handle, and that module. Paths share their
  /// prefixes, so a chain of n modules takes n nodes, not n²/2 ids (8,000 chained modules took
  /// 336 MB when each module kept its own list).
  private let upstreamNode: [Int: Int]
  private let paths: ModulePaths
  /// For each module on an error-handler route, the modules whose error it may read: the module
  /// the route handles, and those of the routes around it. Such a module outputs only its error
  /// there (`OutputShape.moduleError`).
  package let failedModules: [Int: Set<Int>]
  /// Every module by id (the trigger under id 1).
  package let moduleNames: [Int: String]
  /// Ids more than one module uses (reported once, as duplicates; checks that follow paths by id
  /// say nothing more about them).
  package let duplicateIDs: Set<Int>
  /// The data structures declared beside the scenario file, by store name.
  package var dataStructures: [String: DataStructure] = [:]

  package init(scenario: Scenario, catalogue: ModuleCatalogue) {
    self.scenario = scenario
    self.catalogue = catalogue
    var upstream: [Int: Int] = [:]
    var paths = ModulePaths()
    var failedModules: [Int: Set<Int>] = [:]
    var names: [Int: String] = [Trigger.id: scenario.trigger.module.value]
    var duplicates = Set<Int>()
    func walk(_ modules: [FlowModule], before: Int, failed: Set<Int> = []) {
      var path = before
      for module in modules {
        let id = module.id.value
        if upstream[id] == nil { upstream[id] = path }
        if !failed.isEmpty, failedModules[id] == nil { failedModules[id] = failed }
        // After an aggregator, its source and the modules between are out of scope (Make): only
        // the modules before the source and the aggregator's output stay mappable.
        if catalogue[module.module.value]?.kind == .aggregator,
          case .int(let source)? = module.params?["source"]?.scalar?.resolved, source != Trigger.id,
          let sourceNode = paths.node(of: source, from: path)
        {
          path = paths.parent(of: sourceNode)
        }
        if names[id] == nil { names[id] = module.module.value } else { duplicates.insert(id) }
        let withModule = paths.append(id, to: path)
        for route in module.routes { walk(route.flow, before: withModule, failed: failed) }
        if let handler = module.onError { walk(handler.flow, before: withModule, failed: failed.union([id])) }
        path = withModule
      }
    }
    walk(scenario.flow, before: paths.append(Trigger.id, to: ModulePaths.root))
    self.upstreamNode = upstream
    self.paths = paths
    self.failedModules = failedModules
    self.moduleNames = names
    self.duplicateIDs = duplicates
  }
}

extension ValidationContext {
  /// The ids of the modules that run before `id` on its path, in order (the trigger first);
  /// empty for an id that is no flow module.
  package func upstream(of id: Int) -> [Int] {
    guard let node = upstreamNode[id] else { return [] }
    return paths.ids(endingAt: node)
  }

  /// Whether `candidate` runs before `id` on its path, without listing the path.
  package func runsBefore(_ candidate: Int, _ id: Int) -> Bool {
    guard let node = upstreamNode[id] else { return false }
    return paths.node(of: candidate, from: node) != nil
  }

  /// Module ids for a hint: all of them when few, else the first and last few, so a hint stays a
  /// line long in a scenario of thousands of modules.
  package static func list(_ ids: [Int]) -> String {
    let limit = 20
    guard ids.count > limit else { return ids.map(String.init).joined(separator: ", ") }
    let head = ids.prefix(5).map(String.init)
    let tail = ids.suffix(limit - 5).map(String.init)
    return (head + ["…"] + tail).joined(separator: ", ") + " (\(ids.count) modules)"
  }
}

/// Module paths as a tree of parent links: a path is its last node, and appending to a path never
/// copies it.
private struct ModulePaths: Sendable {
  static let root = -1
  private var ids: [Int] = []
  private var parents: [Int] = []

  /// The path `path` followed by `id`.
  mutating func append(_ id: Int, to path: Int) -> Int {
    ids.append(id)
    parents.append(path)
    return ids.count - 1
  }

  func parent(of node: Int) -> Int { parents[node] }

  /// The node of `id` on the path ending at `node`, nearest the end first.
  func node(of id: Int, from node: Int) -> Int? {
    var current = node
    while current != Self.root {
      if ids[current] == id { return current }
      current = parents[current]
    }
    return nil
  }

  func ids(endingAt node: Int) -> [Int] {
    var result: [Int] = []
    var current = node
    while current != Self.root {
      result.append(ids[current])
      current = parents[current]
    }
    return result.reversed()
  }
}
