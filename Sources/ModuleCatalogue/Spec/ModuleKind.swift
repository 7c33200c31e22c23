/// What role a module plays in a scenario, as Make classifies modules.
package enum ModuleKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// Started by an incoming webhook: runs once per delivery.
  case instantTrigger
  /// Started on a schedule: fetches new items and emits one bundle per item.
  case pollingTrigger
  /// Does one thing per bundle and outputs one bundle.
  case action
  /// Looks something up; may output zero or more bundles.
  case search
  /// Splits an array into one bundle per item.
  case iterator
  /// Collects the bundles of a source module into one.
  case aggregator
  /// Sends each bundle down every route whose filter passes.
  case router
  /// A built-in helper such as a variable or a pause.
  case tool

  package var isTrigger: Bool { self == .instantTrigger || self == .pollingTrigger }

  package var label: String {
    switch self {
    case .instantTrigger: "instant trigger"
    case .pollingTrigger: "polling trigger"
    case .action: "action"
    case .search: "search"
    case .iterator: "iterator"
    case .aggregator: "aggregator"
    case .router: "router"
    case .tool: "tool"
    }
  }
}
