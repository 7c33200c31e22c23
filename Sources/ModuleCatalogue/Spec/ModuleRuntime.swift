/// Who does a module's work when a bundle reaches it, and for how long it may take.
package enum ModuleRuntime: Sendable, Hashable {
  /// A trigger: `run` and `serve` produce its bundles (webhook intake, a poll) before the flow.
  case trigger
  /// A flow tool the interpreter runs itself, without calling out.
  case interpreter(FlowTool)
  /// A runner does the work (a Sonar call, an HTTP request, a pause, parsing), under a timeout
  /// past which the operation fails with `ModuleTimeoutError`.
  case runner(timeout: ModuleTimeoutRule)
  /// Never runs: `validate` refuses the module (`make.unsupported`), so no scenario holding it is
  /// compiled.
  case none

  /// The flow tool, for modules the interpreter runs.
  package var flowTool: FlowTool? {
    if case .interpreter(let tool) = self { return tool }
    return nil
  }

  /// Whether a runner must be installed for the module.
  package var needsRunner: Bool {
    if case .runner = self { return true }
    return false
  }
}

/// The built-in flow tools, run by the interpreter.
package enum FlowTool: String, Sendable, Hashable, CaseIterable {
  case router
  case iterator
  case arrayAggregator
  case textAggregator
  case numericAggregator
  case setVariable
  case getVariable
}

/// How long one operation of a module may take.
package enum ModuleTimeoutRule: Sendable, Hashable {
  /// A fixed limit.
  case fixed(seconds: Int)
  /// The number of seconds in one of the module's fields (`util.sleep`'s `delay`, `http.request`'s
  /// `timeout` param), plus a margin for the work around it. Where the field is absent its
  /// default applies, and without a usable number, `fallbackSeconds`.
  case field(String, marginSeconds: Int, fallbackSeconds: Int)

  /// Make's module timeout, in seconds.
  package static let makeSeconds = 40

  /// Make's module timeout: 40 seconds.
  package static let make = ModuleTimeoutRule.fixed(seconds: makeSeconds)
}
