package import Expressions
package import ScenarioModel

/// One operation as it happened, for live output and history.
///
/// What names the module (id, name, display name, location) is shared by all of its operations in
/// an `OperationSource` made when the scenario is compiled, so recording an operation copies one
/// reference rather than each string. A failure (error and where) is rare and kept in one optional
/// reference too, so the events of an execution stay small to append and destroy.
package struct OperationEvent: Sendable {
  package var sequence: Int
  package var source: OperationSource
  /// The evaluated input fields; nil for a filtered module and for triggers and aggregators.
  package var input: Value?
  private var recordedOutputs: Bundles?
  private var failure: Failure?
  /// The module's filter stopped the bundle (no operation was used).
  package var isFiltered: Bool
  package var duration: Duration

  private final class Failure: Sendable {
    let error: ModuleError?
    let location: SourceLocation?

    init(error: ModuleError?, location: SourceLocation?) {
      self.error = error
      self.location = location
    }
  }

  package var error: ModuleError? {
    get { failure?.error }
    set { failure = Self.failure(error: newValue, location: errorLocation) }
  }

  /// Where the error happened, when a mapping failed (the field's template).
  package var errorLocation: SourceLocation? {
    get { failure?.location }
    set { failure = Self.failure(error: error, location: newValue) }
  }

  private static func failure(error: ModuleError?, location: SourceLocation?) -> Failure? {
    error == nil && location == nil ? nil : Failure(error: error, location: location)
  }

  init(
    sequence: Int, source: OperationSource, input: Value?, outputs: Bundles?, error: ModuleError? = nil,
    errorLocation: SourceLocation? = nil, isFiltered: Bool = false, duration: Duration
  ) {
    self.sequence = sequence
    self.source = source
    self.input = input
    self.recordedOutputs = outputs
    failure = Self.failure(error: error, location: errorLocation)
    self.isFiltered = isFiltered
    self.duration = duration
  }

  /// Sets the event's bundles, moving them in.
  mutating func keep(input: consuming Value?, outputs: consuming Bundles?) {
    self.input = input
    recordedOutputs = outputs
  }

  package var moduleID: Int { source.moduleID }
  package var moduleName: String { source.moduleName }
  package var displayName: String { source.displayName }
  /// The module's location; for a filtered module, its filter's.
  package var location: SourceLocation? { source.location }
  package var filterName: String? { source.filterName }

  /// The output bundles; nil when the module failed or was filtered.
  package var outputs: [Value]? {
    get { recordedOutputs?.array }
    set { recordedOutputs = newValue.map(Bundles.many) }
  }
}

/// Names the module an operation belongs to, for events: one per module (and one for its filter),
/// made when the scenario is compiled.
package final class OperationSource: Sendable {
  package let moduleID: Int
  package let moduleName: String
  package let displayName: String
  package let location: SourceLocation?
  package let filterName: String?

  package init(moduleID: Int, moduleName: String, displayName: String, location: SourceLocation?, filterName: String? = nil) {
    self.moduleID = moduleID
    self.moduleName = moduleName
    self.displayName = displayName
    self.location = location
    self.filterName = filterName
  }
}

/// A module's output bundles for one operation. Most operations output one bundle; holding it
/// without an array saves an allocation per operation.
enum Bundles: Sendable {
  case one(Value)
  case many([Value])

  var count: Int {
    switch self {
    case .one: 1
    case .many(let bundles): bundles.count
    }
  }

  subscript(offset: Int) -> Value {
    switch self {
    case .one(let bundle): bundle
    case .many(let bundles): bundles[offset]
    }
  }

  var array: [Value] {
    switch self {
    case .one(let bundle): [bundle]
    case .many(let bundles): bundles
    }
  }
}
