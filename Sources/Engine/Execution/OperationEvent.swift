package import Basics
package import Expressions
package import ScenarioModel

/// One operation as it happened, for live output and history.
///
/// What names the module (id, name, display name, location) is shared by all of its operations in
/// an `OperationSource` made when the scenario is compiled, so recording an operation copies one
/// reference rather than each string. A failure (error and where) is rare and kept in one optional
/// reference too (with the HTTP exchanges of a runner), so the events of an execution stay small
/// to append and destroy.
package struct OperationEvent: Sendable {
  package var sequence: Int
  /// Always set once the event is recorded; nil only while the interpreter moves it into place
  /// (`keep`), so appending the event does not retain and release it once more.
  private var storedSource: OperationSource?
  private var recordedInput: RecordedInput?
  private var recordedOutputs: Bundles?
  private var details: Details?
  /// The module's filter stopped the bundle (no operation was used).
  package var isFiltered: Bool
  /// The outputs are not kept: `recordedInput` is a flow tool's fields and the tool output what it
  /// was given (`ToolInput.givenOutputs`: an iterator's items, a set variable's `{name: value}`),
  /// so they are made again from the input when read instead of being kept twice.
  private var outputsFollowInput = false
  /// How long the operation took, in nanoseconds (`duration`).
  private var nanoseconds: Int64
  /// What most operations lack, kept in one optional reference so that an event stays small to
  /// append and destroy: an error and where it happened, and the HTTP exchanges of a runner.
  private final class Details: Sendable {
    let error: ModuleError?
    let location: SourceLocation?
    let exchanges: [HTTPExchange]

    init(error: ModuleError?, location: SourceLocation?, exchanges: [HTTPExchange]) {
      self.error = error
      self.location = location
      self.exchanges = exchanges
    }

    /// nil when there is nothing to keep.
    static func make(error: ModuleError?, location: SourceLocation?, exchanges: [HTTPExchange]) -> Details? {
      error == nil && location == nil && exchanges.isEmpty
        ? nil : Details(error: error, location: location, exchanges: exchanges)
    }
  }

  package var error: ModuleError? {
    get { details?.error }
    set { details = .make(error: newValue, location: errorLocation, exchanges: exchanges) }
  }

  /// Where the error happened, when a mapping failed (the field's template).
  package var errorLocation: SourceLocation? {
    get { details?.location }
    set { details = .make(error: error, location: newValue, exchanges: exchanges) }
  }

  /// The HTTP requests the module's runner made (Sonar calls, `http.request`), one per attempt,
  /// with what came back; empty for flow tools and when the engine records none.
  package var exchanges: [HTTPExchange] {
    get { details?.exchanges ?? [] }
    set { details = .make(error: error, location: errorLocation, exchanges: newValue) }
  }

  /// How long the operation took.
  package var duration: Duration {
    get { .nanoseconds(nanoseconds) }
    set { nanoseconds = newValue.wholeNanoseconds }
  }

  /// An event being recorded, without its source and bundles: they are moved in with `keep`.
  init(sequence: Int, error: ModuleError?, errorLocation: SourceLocation?, isFiltered: Bool, nanoseconds: Int64) {
    self.sequence = sequence
    storedSource = nil
    recordedInput = nil
    recordedOutputs = nil
    // Tested before making anything: most operations have no error.
    details = error == nil && errorLocation == nil ? nil : Details(error: error, location: errorLocation, exchanges: [])
    self.isFiltered = isFiltered
    self.nanoseconds = nanoseconds
  }

  /// Sets the event's source and bundles, moving them in. With `outputsFollowInput`, the outputs
  /// are left out and made from `input` when read (see `outputsFollowInput`).
  mutating func keep(
    source: consuming OperationSource, input: consuming RecordedInput?, outputs: consuming Bundles?,
    outputsFollowInput: Bool = false, exchanges: consuming [HTTPExchange]? = nil
  ) {
    storedSource = source
    recordedInput = input
    recordedOutputs = outputs
    self.outputsFollowInput = outputsFollowInput
    if let exchanges, !exchanges.isEmpty {
      details = Details(error: details?.error, location: details?.location, exchanges: exchanges)
    }
  }

  /// Names the module the operation belongs to.
  package var source: OperationSource { storedSource.unsafelyUnwrapped }

  /// The evaluated input fields; nil for a filtered module and for triggers and aggregators.
  package var input: Value? {
    get { recordedInput?.bundle }
    set {
      // The outputs of a tool are made from the input it ran with: keep them before it goes.
      if outputsFollowInput {
        recordedOutputs = outputs.map(Bundles.many)
        outputsFollowInput = false
      }
      recordedInput = newValue.map(RecordedInput.bundle)
    }
  }

  package var moduleID: Int { source.moduleID }
  package var moduleName: String { source.moduleName }
  package var displayName: String { source.displayName }
  /// The module's location; for a filtered module, its filter's.
  package var location: SourceLocation? { source.location }
  package var filterName: String? { source.filterName }

  /// The output bundles; nil when the module failed or was filtered.
  package var outputs: [Value]? {
    get {
      if outputsFollowInput, case .toolFields(let module, let first, let second)? = recordedInput,
        let tool = module.tool
      {
        // The tool ran with this input, so its outputs are made again without failing.
        return (try? tool.outputs(given: ToolInput(first, second, of: module)))?.array
      }
      return recordedOutputs?.array
    }
    set {
      recordedOutputs = newValue.map(Bundles.many)
      outputsFollowInput = false
    }
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

  package init(
    moduleID: Int, moduleName: String, displayName: String, location: SourceLocation?, filterName: String? = nil
  ) {
    self.moduleID = moduleID
    self.moduleName = moduleName
    self.displayName = displayName
    self.location = location
    self.filterName = filterName
  }
}

/// A module's input for one operation, kept as the walk holds it. A flow tool's one or two fields
/// are kept as their values, and its input bundle (the module's keys with those values) is built
/// only when the event's input is read: building it for every operation cost an allocation per
/// set variable and iterator, for records most executions never read.
enum RecordedInput: Sendable {
  case bundle(Value)
  /// Every field of `module` evaluated, in the order of its input template: the first value, and
  /// the second when it has two fields.
  case toolFields(CompiledModule, Value, Value)

  var bundle: Value {
    switch self {
    case .bundle(let input):
      return input
    case .toolFields(let module, let first, let second):
      var fields = module.inputTemplate
      if fields.count > 0 { fields.values[0] = first }
      if fields.count > 1 { fields.values[1] = second }
      return .collection(fields)
    }
  }
}

/// A module's output bundles for one operation, kept as the walk holds them. Most operations
/// output one bundle; holding it without an array saves an allocation per operation. An
/// iterator's bundles are its items, each made a bundle (with its position fields) only when the
/// event's outputs are read.
enum Bundles: Sendable {
  case one(ModuleOutput)
  case many([Value])
  /// An iterator's items, in order: output `offset` is `ModuleOutput.item` at position `offset + 1`.
  case items([Value])

  var count: Int {
    switch self {
    case .one: 1
    case .many(let bundles): bundles.count
    case .items(let items): items.count
    }
  }

  subscript(offset: Int) -> ModuleOutput {
    switch self {
    case .one(let output): output
    case .many(let bundles): .bundle(bundles[offset])
    case .items(let items): .item(items[offset], position: offset + 1, length: items.count)
    }
  }

  /// The only output, moved out (`count` must be 1): the walk sets it as the module's output
  /// without copying it.
  consuming func only() -> ModuleOutput {
    switch consume self {
    case .one(let output): output
    case let bundles: bundles[0]
    }
  }

  /// The bundles as the module's outputs read in events and history.
  var array: [Value] {
    switch self {
    case .one(let output): [output.bundle]
    case .many(let bundles): bundles
    case .items(let items):
      items.indices.map { ModuleOutput.item(items[$0], position: $0 + 1, length: items.count).bundle }
    }
  }
}
