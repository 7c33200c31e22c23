package import Basics

extension YAMLNode {
  /// The node as JSON: quoted and block scalars are text (a `{{…}}` stays text); plain numbers
  /// keep the text they were written with, so a number written as `1.50` is exported as `1.50`.
  /// A Make blueprint's export and a test file's values both read YAML through it.
  package var jsonValue: JSONValue {
    switch self {
    case .scalar(let scalar): scalar.jsonValue
    case .sequence(let sequence): .array(sequence.items.map(\.jsonValue))
    case .mapping(let mapping): .object(mapping.jsonObject)
    }
  }
}

extension YAMLMapping {
  package var jsonObject: JSONObject {
    JSONObject(entries: entries.map { JSONObject.Entry(key: $0.key.value, value: $0.value.jsonValue) })
  }
}

extension YAMLScalar {
  package var jsonValue: JSONValue {
    guard style == .plain else { return .string(value) }
    switch resolved {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .int(let number):
      return Self.isJSONNumber(value) ? .numberText(value) : .int(number)
    case .float(let number):
      return Self.isJSONNumber(value) ? .numberText(value) : .double(number)
    case .string:
      // An integer too large for `Int` is still a number in YAML's core schema.
      return Self.isJSONNumber(value) ? .numberText(value) : .string(value)
    }
  }

  private static func isJSONNumber(_ text: String) -> Bool {
    guard let parsed = try? JSONParser.parse(text, options: .verbatim) else { return false }
    switch parsed {
    case .int, .double, .numberText: return true
    default: return false
    }
  }
}
