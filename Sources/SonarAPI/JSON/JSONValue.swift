/// A JSON value that keeps the order of object keys, so bodies can be written with Sonar's key order.
package indirect enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)
}

/// A JSON object whose keys keep the order in which they were added.
package struct JSONObject: Sendable, Hashable {
  package struct Entry: Sendable, Hashable {
    package var key: String
    package var value: JSONValue
  }

  package private(set) var entries: [Entry]

  package init() { entries = [] }

  package init(_ pairs: [(String, JSONValue)]) {
    entries = []
    for (key, value) in pairs { self[key] = value }
  }

  package var keys: [String] { entries.map(\.key) }
  package var isEmpty: Bool { entries.isEmpty }

  /// Setting `nil` removes the key; setting an existing key keeps its position.
  package subscript(key: String) -> JSONValue? {
    get { entries.first(where: { $0.key == key })?.value }
    set {
      if let index = entries.firstIndex(where: { $0.key == key }) {
        if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
      } else if let newValue {
        entries.append(Entry(key: key, value: newValue))
      }
    }
  }
}

extension JSONValue {
  /// The value as a string when it is a scalar: form bodies carry every value as a string, so
  /// `true`, `42` and `"42"` all read as text here.
  package var stringValue: String? {
    switch self {
    case .string(let text): text
    case .int(let number): String(number)
    case .double(let number): String(number)
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
