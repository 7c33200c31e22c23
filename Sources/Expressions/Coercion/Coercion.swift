import Basics
package import Foundation

/// Make's type coercion (reference §3.2) and its notion of an empty value (§3.3).
package enum Coercion {
  /// Empty in Make's sense (`ifempty`, filter `exist`): null, `""` and `[]`. `0`, `false`, `" "` and
  /// `{}` are not empty.
  package static func isEmpty(_ value: Value) -> Bool {
    switch value {
    case .null: true
    case .text(let text): text.isEmpty
    case .array(let items): items.isEmpty
    default: false
    }
  }

  /// Text for a text field: numbers, booleans and dates as rendered, null as `""`, arrays of
  /// primitives joined with `", "`, binary decoded as UTF-8. Collections (and arrays holding them)
  /// are refused, as Make refuses them.
  package static func text(from value: Value) throws(EvaluationError) -> String {
    switch value {
    case .text(let text): return text
    case .collection: throw .notText(value)
    case .array(let items):
      if items.contains(where: \.isStructured) { throw .notText(value) }
      return value.rendered
    default: return value.rendered
    }
  }

  /// A number for a number field: numbers unchanged, text parsed (surrounding spaces allowed),
  /// null stays empty (`nil`). Anything else fails.
  package static func number(from value: Value) throws(EvaluationError) -> Double? {
    switch value {
    case .number(let number): return number
    case .null: return nil
    case .text(let text):
      if text.isEmpty { return nil }
      guard let number = NumberText.parse(text) else { throw .notNumber(value) }
      return number
    default: throw .notNumber(value)
    }
  }

  /// A boolean for a boolean field: numbers are true even when 0; text is false only when it is
  /// `false` or empty; null is false; anything else is true.
  package static func boolean(from value: Value) -> Bool {
    switch value {
    case .boolean(let flag): flag
    case .null: false
    case .text(let text): !(text.isEmpty || text == "false")
    case .array(let items): !items.isEmpty
    default: true
    }
  }

  /// A date for a date field: dates unchanged, text read by the lenient parser in `timeZone` when it
  /// carries no offset, null stays empty. Numbers and other values fail.
  package static func date(from value: Value, timeZone: TimeZone) throws(EvaluationError) -> Date? {
    switch value {
    case .date(let date): return date
    case .null: return nil
    case .text(let text):
      if text.isEmpty { return nil }
      guard let date = LenientDateParser.parse(text, timeZone: timeZone) else { throw .notDate(value) }
      return date
    default: throw .notDate(value)
    }
  }

  /// An array for an array field: arrays unchanged, null is `[]`, anything else a one-item array.
  package static func array(from value: Value) -> [Value] {
    switch value {
    case .array(let items): items
    case .null: []
    default: [value]
    }
  }

  /// Bytes for a binary field: binary unchanged, other primitives as their text in UTF-8.
  package static func binary(from value: Value) throws(EvaluationError) -> Data {
    switch value {
    case .binary(let data): return data
    default: return Data(try text(from: value).utf8)
    }
  }

  /// Coerces to the field type `kind`; `any` and `null` pass the value through.
  package static func coerce(_ value: Value, to kind: ValueKind, timeZone: TimeZone) throws(EvaluationError) -> Value {
    switch kind {
    case .any, .null: return value
    case .text: return value == .null ? .null : .text(try text(from: value))
    case .number: return try number(from: value).map(Value.number) ?? .null
    case .boolean: return value == .null ? .null : .boolean(boolean(from: value))
    case .date: return try date(from: value, timeZone: timeZone).map(Value.date) ?? .null
    case .array: return .array(array(from: value))
    case .collection:
      if case .collection = value { return value }
      if value == .null { return .null }
      throw .invalidValue("cannot use \(value.kind.rawValue) '\(value.preview)' as a collection")
    case .binary: return value == .null ? .null : .binary(try binary(from: value))
    }
  }
}
