package import Expressions
package import OrderedCollections

/// What runs one module on one bundle: a Sonar call, an HTTP request, a pause. Flow control
/// (routers, iterators, aggregators, variables) is the interpreter's own work.
package protocol ModuleRunner: Sendable {
  /// Runs the module once and returns its output bundles (usually one; a search may return many,
  /// or none). Throws `ModuleError` for failures users handle with error handlers.
  func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value]
}

/// A module's input for one operation: its `map` fields evaluated for the bundle, and its static
/// `params`.
package struct ModuleInput: Sendable {
  package var moduleID: Int
  package var moduleName: String
  package var fields: OrderedDictionary<String, Value>
  package var params: OrderedDictionary<String, Value>

  package init(
    moduleID: Int, moduleName: String, fields: OrderedDictionary<String, Value>,
    params: OrderedDictionary<String, Value>
  ) {
    self.moduleID = moduleID
    self.moduleName = moduleName
    self.fields = fields
    self.params = params
  }

  /// A mapped field, `.null` when absent.
  package subscript(field name: String) -> Value { fields[name] ?? .null }

  /// A field as text, nil when absent or empty.
  package func text(_ name: String) throws(ModuleError) -> String? {
    try Self.text(self[field: name], named: name)
  }

  /// A field's value as text, nil when empty; `name` is for the message.
  package static func text(_ value: Value, named name: String) throws(ModuleError) -> String? {
    if Coercion.isEmpty(value) { return nil }
    do {
      return try Coercion.text(from: value)
    } catch {
      throw ModuleError(.dataError, "'\(name)' must be text: \(error.message)")
    }
  }

  /// A param the module's definition gives a default: the compiler puts the default in, so it is
  /// missing only when the module was compiled without its definition.
  package func param(_ name: String) throws(ModuleError) -> Value {
    guard let value = params[name] else {
      throw ModuleError(.invalidConfigurationError, "the setting '\(name)' has no value")
    }
    return value
  }

  /// A required field as text.
  package func requiredText(_ name: String) throws(ModuleError) -> String {
    try Self.requiredText(self[field: name], named: name)
  }

  /// A required field's value as text; `name` is for the message.
  package static func requiredText(_ value: Value, named name: String) throws(ModuleError) -> String {
    guard let text = try text(value, named: name) else {
      throw ModuleError(.dataError, "missing value for required field '\(name)'")
    }
    return text
  }
}

/// What a runner may know about the execution it serves.
package struct ModuleContext: Sendable {
  /// Build and report Sonar write requests without sending them.
  package var isDryRun: Bool
  package var executionID: String
  package var scenarioName: String
  /// The execution's transaction, which transactional modules join; nil outside an execution (a
  /// runner then applies its work at once).
  package var transaction: ExecutionTransaction?

  package init(
    isDryRun: Bool = false, executionID: String, scenarioName: String, transaction: ExecutionTransaction? = nil
  ) {
    self.isDryRun = isDryRun
    self.executionID = executionID
    self.scenarioName = scenarioName
    self.transaction = transaction
  }
}

/// The runners available to an engine, by module name. A value handed to the engine, not a global
/// registry.
package struct ModuleRunners: Sendable {
  private var runners: [String: any ModuleRunner]

  package init(_ runners: [String: any ModuleRunner] = [:]) {
    self.runners = runners
  }

  package subscript(name: String) -> (any ModuleRunner)? {
    get { runners[name] }
    set { runners[name] = newValue }
  }

  /// These runners plus `other`'s (other's win on a clash).
  package func merging(_ other: ModuleRunners) -> ModuleRunners {
    ModuleRunners(runners.merging(other.runners) { _, new in new })
  }

  package var names: [String] { runners.keys.sorted() }

  /// Every runner replaced by what `transform` makes of it (replay wraps them all).
  package func mapping(_ transform: (any ModuleRunner) -> any ModuleRunner) -> ModuleRunners {
    ModuleRunners(runners.mapValues(transform))
  }
}
