/// A scenario file, parsed: one trigger (module 1) and a chain of modules, with Make's settings.
///
/// Every node keeps its `file:line:column`. Module-specific fields (`map`, `params`) stay as YAML
/// nodes here; the module catalogue gives them meaning during validation.
package struct Scenario: Sendable, Hashable {
  package var source: SourceFile
  package var name: Located<String>
  package var description: String?
  package var connection: Connection
  package var settings: Settings
  package var trigger: Trigger
  package var flow: [FlowModule]

  package init(
    source: SourceFile, name: Located<String>, description: String?, connection: Connection,
    settings: Settings, trigger: Trigger, flow: [FlowModule]
  ) {
    self.source = source
    self.name = name
    self.description = description
    self.connection = connection
    self.settings = settings
    self.trigger = trigger
    self.flow = flow
  }

  /// Every flow module in the scenario, depth-first in file order: routes and error-handler routes
  /// included.
  package var allModules: [FlowModule] {
    var result: [FlowModule] = []
    func visit(_ modules: [FlowModule]) {
      for module in modules {
        result.append(module)
        for route in module.routes { visit(route.flow) }
        if let handler = module.onError { visit(handler.flow) }
      }
    }
    visit(flow)
    return result
  }
}

/// How the scenario reaches Sonar. The token itself never sits in a scenario file.
package struct Connection: Sendable, Hashable {
  /// The environment variable holding the Sonar API token. Default `SONAR_TOKEN`.
  package var tokenEnv: String
  /// Make's Sandbox checkbox: use Sonar's sandbox host. Default false.
  package var isSandbox: Bool

  package static let defaultTokenEnv = "SONAR_TOKEN"

  package init(tokenEnv: String = Connection.defaultTokenEnv, isSandbox: Bool = false) {
    self.tokenEnv = tokenEnv
    self.isSandbox = isSandbox
  }
}

/// Make's scenario settings.
package struct Settings: Sendable, Hashable {
  /// Process executions one at a time, in order of arrival. Default false.
  package var isSequential: Bool = false
  /// How many cycles one execution may run (polling triggers fetch again while items remain). Default 1.
  package var maxCycles: Int = 1
  /// Keep executions that stop on an error so they can be resolved. Default false.
  package var storeIncomplete: Bool = false
  /// Store no bundle data in history. Default false.
  package var isConfidential: Bool = false
  /// Commit each module's work as soon as it succeeds rather than at the end. Default false.
  package var autoCommit: Bool = false
  /// `serve` deactivates the scenario after this many scheduled executions in a row ended in
  /// `error` (after the first for an instant trigger, as Make). Default 3, at least 1.
  package var maxConsecutiveErrors: Int = 3
  /// The time zone for date functions and formatting. Default `UTC`.
  package var timezone: String = "UTC"

  package init() {}
}
