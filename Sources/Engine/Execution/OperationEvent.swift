package import Expressions
import OrderedCollections
package import ScenarioModel

/// One operation as it happened, for live output and history.
///
/// What names the module (id, name, display name, location) is shared by all of its operations in
/// an `OperationSource` made when the scenario is compiled, so recording an operation copies one
/// reference rather than each string.
package struct OperationEvent: Sendable {
  package var sequence: Int
  package var source: OperationSource
  private var recordedInput: RecordedInput?
  private var recordedOutputs: Bundles?
  package var error: ModuleError?
  /// Where the error happened, when a mapping failed (the field's template).
  package var errorLocation: SourceLocation?
  /// The module's filter stopped the bundle (no operation was used).
  package var isFiltered: Bool
  package var duration: Duration

  init(
    sequence: Int, source: OperationSource, input: RecordedInput?, outputs: Bundles?, error: ModuleError? = nil,
    errorLocation: SourceLocation? = nil, isFiltered: Bool = false, duration: Duration
  ) {
    self.sequence = sequence
    self.source = source
    self.recordedInput = input
    self.recordedOutputs = outputs
    self.error = error
    self.errorLocation = errorLocation
    self.isFiltered = isFiltered
    self.duration = duration
  }

  package var moduleID: Int { source.moduleID }
  package var moduleName: String { source.moduleName }
  package var displayName: String { source.displayName }
  /// The module's location; for a filtered module, its filter's.
  package var location: SourceLocation? { source.location }
  package var filterName: String? { source.filterName }

  /// The evaluated input fields; nil for a filtered module.
  package var input: Value? {
    get { recordedInput?.value }
    set { recordedInput = newValue.map(RecordedInput.value) }
  }

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

/// An operation's input as recorded: a bundle, or a flow tool's field values beside its module's
/// keys, made into a bundle only when read (most inputs are read once, when the result is stored;
/// holding the values saves building a dictionary per operation).
enum RecordedInput: Sendable {
  case value(Value)
  case fields(ToolFields)

  var value: Value {
    switch self {
    case .value(let value): value
    case .fields(let fields): fields.bundle
    }
  }
}

/// The evaluated fields of a flow tool with at most two fields, in the module's field order.
struct ToolFields: Sendable {
  /// The module's input template: its field keys, null values.
  let keys: OrderedDictionary<String, Value>
  private var first = Value.null
  private var second = Value.null
  /// How many fields were evaluated.
  private(set) var count = 0
  /// Bit `n` set: field `n` evaluated to `ignore` and is left out of the input.
  private var omitted: UInt8 = 0

  static let capacity = 2

  init(keys: OrderedDictionary<String, Value>) {
    self.keys = keys
  }

  mutating func append(_ value: Value) {
    if count == 0 { first = value } else { second = value }
    count += 1
  }

  mutating func appendOmitted() {
    omitted |= 1 << count
    count += 1
  }

  /// Field `offset`'s value; null when it is absent or was left out.
  subscript(offset: Int?) -> Value {
    guard let offset, offset < count, omitted & (1 << offset) == 0 else { return .null }
    return offset == 0 ? first : second
  }

  /// The input bundle: the fields evaluated so far, less those left out.
  var bundle: Value {
    if count == keys.count && omitted == 0 {
      var fields = keys
      if count > 0 { fields.values[0] = first }
      if count > 1 { fields.values[1] = second }
      return .collection(fields)
    }
    var fields = OrderedDictionary<String, Value>(minimumCapacity: count)
    for offset in 0..<count where omitted & (1 << offset) == 0 {
      fields[keys.keys[offset]] = self[offset]
    }
    return .collection(fields)
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
