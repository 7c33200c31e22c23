package import Foundation
package import OrderedCollections

/// A value flowing through a scenario: a bundle field, a function argument or result.
///
/// Collections keep their keys in insertion order, as Make does. Copies are cheap: arrays,
/// dictionaries, strings and data are copy-on-write.
package enum Value: Sendable, Hashable {
  case null
  case boolean(Bool)
  case number(Double)
  case text(String)
  case date(Date)
  case array([Value])
  case collection(OrderedDictionary<String, Value>)
  case binary(Data)

  /// The kind of this value, for messages and static typing.
  package var kind: ValueKind {
    switch self {
    case .null: .null
    case .boolean: .boolean
    case .number: .number
    case .text: .text
    case .date: .date
    case .array: .array
    case .collection: .collection
    case .binary: .binary
    }
  }
}

extension Value: ExpressibleByStringLiteral {
  package init(stringLiteral value: String) { self = .text(value) }
}

extension Value: ExpressibleByFloatLiteral {
  package init(floatLiteral value: Double) { self = .number(value) }
}

extension Value: ExpressibleByIntegerLiteral {
  package init(integerLiteral value: Int) { self = .number(Double(value)) }
}

extension Value: ExpressibleByBooleanLiteral {
  package init(booleanLiteral value: Bool) { self = .boolean(value) }
}

extension Value: ExpressibleByArrayLiteral {
  package init(arrayLiteral elements: Value...) { self = .array(elements) }
}

extension Value: ExpressibleByNilLiteral {
  package init(nilLiteral: ()) { self = .null }
}

extension Value: CustomStringConvertible {
  /// The debugging form: JSON for structured values, the rendered text otherwise.
  package var description: String {
    switch self {
    case .array, .collection: jsonText()
    case .text(let text): "\"\(text)\""
    default: rendered
    }
  }
}
