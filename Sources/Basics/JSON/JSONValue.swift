/// A JSON document's value, keeping the order of object keys: webhook bodies, Sonar's requests and
/// answers, stored bundles and the emulator's state are all read and written through it (one
/// parser, ``JSONParser``; one writer, ``JSONWriter``).
package indirect enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  /// A number written without fraction or exponent that fits in `Int`.
  case int(Int)
  /// Any other finite number.
  case double(Double)
  /// A number exactly as the document wrote it, for rewriting a document without changing its
  /// numbers (``JSONParser/Options/keepsNumberText``).
  case numberText(String)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)
}

extension JSONValue {
  /// The value as a string when it is a scalar: form bodies carry every value as a string, so
  /// `true`, `42` and `"42"` all read as text here.
  package var stringValue: String? {
    switch self {
    case .string(let text): text
    case .int(let number): String(number)
    case .double(let number): NumberText.render(number)
    case .numberText(let text): text
    case .bool(let flag): flag ? "true" : "false"
    case .null, .array, .object: nil
    }
  }

  /// `true`/`false` as booleans or as the strings Sonar documents (`"true"`, `"false"`, `"1"`, `"0"`).
  package var boolValue: Bool? {
    switch self {
    case .bool(let flag): flag
    case .int(let number) where number == 0 || number == 1: number == 1
    case .string(let text):
      switch text.lowercased() {
      case "true", "1", "yes": true
      case "false", "0", "no": false
      default: nil
      }
    default: nil
    }
  }

  package var objectValue: JSONObject? {
    if case .object(let object) = self { return object }
    return nil
  }

  package var arrayValue: [JSONValue]? {
    if case .array(let items) = self { return items }
    return nil
  }

  package var isNull: Bool { self == .null }

  /// A string or null.
  package static func optional(_ text: String?) -> JSONValue {
    text.map(JSONValue.string) ?? .null
  }
}

extension JSONValue: ExpressibleByStringLiteral {
  package init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByBooleanLiteral {
  package init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
  package init(integerLiteral value: Int) { self = .int(value) }
}

extension JSONValue: ExpressibleByNilLiteral {
  package init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByArrayLiteral {
  package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByFloatLiteral {
  package init(floatLiteral value: Double) { self = .double(value) }
}
