package import OrderedCollections

/// A module's output bundle as the walk holds it: either a bundle, or one of the two shapes the
/// flow tools make for every operation, kept as their parts until something needs the bundle.
///
/// An iterator item and a set variable's output are read far more often by one field
/// (`{{3.value}}`, `{{4.kept}}`) than as a whole, and building each as an ordered dictionary cost
/// an allocation (and its reference counting) per item and per set variable. Read by field they
/// answer from their parts; `bundle` builds the very bundle the tool used to build, so whatever
/// reads a whole bundle (history, run output, observers, resume state, `{{3}}`) sees no difference.
package enum ModuleOutput: Sendable {
  /// Any bundle, as it is.
  case bundle(Value)
  /// An iterator's item at 1-based `position` of `length`: for a collection item, its fields
  /// followed by `__IMTINDEX__` and `__IMTLENGTH__` (which replace fields of those names in place);
  /// for any other item, `{value, __IMTINDEX__, __IMTLENGTH__}`.
  case item(Value, position: Int, length: Int)
  /// A bundle of one field, `{key: value}` (a set variable's output).
  case field(String, Value)

  /// `{value, __IMTINDEX__, __IMTLENGTH__}` with null values: a primitive item's bundle shares these
  /// keys and only allocates its values.
  @usableFromInline static let primitiveItem: OrderedDictionary<String, Value> = [
    "value": .null, "__IMTINDEX__": .null, "__IMTLENGTH__": .null,
  ]

  /// The output as a bundle.
  @inlinable
  package var bundle: Value {
    switch self {
    case .bundle(let value):
      return value
    case .item(let item, let position, let length):
      var fields: OrderedDictionary<String, Value>
      if case .collection(let collection) = item {
        fields = collection
        fields.reserveCapacity(collection.count + 2)
        fields["__IMTINDEX__"] = .number(Double(position))
        fields["__IMTLENGTH__"] = .number(Double(length))
      } else {
        fields = Self.primitiveItem
        fields.values[0] = item
        fields.values[1] = .number(Double(position))
        fields.values[2] = .number(Double(length))
      }
      return .collection(fields)
    case .field(let key, let value):
      // One key, so unique: built without the literal's check for repeated keys.
      return .collection(OrderedDictionary(uncheckedUniqueKeys: CollectionOfOne(key), values: CollectionOfOne(value)))
    }
  }

  /// The field `key` of the bundle (`.null` when absent); nil when the bundle is not a collection.
  /// Answers from the parts, without building the bundle.
  @inlinable @inline(__always)
  package func field(_ key: String) -> Value? {
    switch self {
    case .bundle(let value):
      guard case .collection(let fields) = value else { return nil }
      return fields[key] ?? .null
    case .item(let item, let position, let length):
      if case .collection(let fields) = item {
        if key == "__IMTINDEX__" { return .number(Double(position)) }
        if key == "__IMTLENGTH__" { return .number(Double(length)) }
        return fields[key] ?? .null
      }
      if key == "value" { return item }
      if key == "__IMTINDEX__" { return .number(Double(position)) }
      if key == "__IMTLENGTH__" { return .number(Double(length)) }
      return .null
    case .field(let name, let value):
      return key == name ? value : .null
    }
  }

  /// Whether the module has produced nothing (`.null` as a bundle).
  package var isNull: Bool {
    if case .bundle(.null) = self { return true }
    return false
  }
}
