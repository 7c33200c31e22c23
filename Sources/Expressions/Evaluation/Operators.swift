import Basics
import Foundation

/// What the operators of the mapping language do with values (reference §2.3).
package enum Operators {
  package static func apply(_ op: Operator, _ left: Value, _ right: Value) throws(EvaluationError) -> Value {
    switch op {
    case .plus: return try plus(left, right)
    case .minus: return try minus(left, right)
    case .times, .divide, .modulo:
      guard let a = numeric(left), let b = numeric(right) else { throw .operatorType(op.rawValue, left, right) }
      switch op {
      case .times: return .number(a * b)
      case .divide:
        guard b != 0 else { throw .divisionByZero() }
        return .number(a / b)
      default:
        guard b != 0 else { throw .divisionByZero() }
        return .number(a.truncatingRemainder(dividingBy: b))
      }
    case .equal: return .boolean(equals(left, right))
    case .notEqual: return .boolean(!equals(left, right))
    case .less: return .boolean(compare(left, right).map { $0 < 0 } ?? false)
    case .lessOrEqual: return .boolean(compare(left, right).map { $0 <= 0 } ?? false)
    case .greater: return .boolean(compare(left, right).map { $0 > 0 } ?? false)
    case .greaterOrEqual: return .boolean(compare(left, right).map { $0 >= 0 } ?? false)
    case .and: return .boolean(Coercion.boolean(from: left) && Coercion.boolean(from: right))
    case .or: return .boolean(Coercion.boolean(from: left) || Coercion.boolean(from: right))
    }
  }

  /// Numbers add; a date plus a number adds milliseconds; otherwise, if either side is text,
  /// the rendered texts concatenate. Null counts as 0 next to a number and as `""` next to text.
  static func plus(_ left: Value, _ right: Value) throws(EvaluationError) -> Value {
    switch (left, right) {
    case (.number(let a), .number(let b)): return .number(a + b)
    case (.date(let d), .number(let n)), (.number(let n), .date(let d)):
      return .date(d.addingTimeInterval(n / 1000))
    case (.null, .number), (.number, .null), (.null, .null):
      return .number((numeric(left) ?? 0) + (numeric(right) ?? 0))
    case (.collection, _), (_, .collection): throw .operatorType("+", left, right)
    case (.array(let a), .array(let b)): return .array(a + b)
    case (.boolean, .number), (.number, .boolean): throw .operatorType("+", left, right)
    default:
      return .text(try Coercion.text(from: left) + Coercion.text(from: right))
    }
  }

  /// Numbers subtract; date − date is milliseconds; date − number goes back that many ms.
  static func minus(_ left: Value, _ right: Value) throws(EvaluationError) -> Value {
    switch (left, right) {
    case (.date(let a), .date(let b)):
      return .number(((a.timeIntervalSince1970 - b.timeIntervalSince1970) * 1000).rounded())
    case (.date(let d), _):
      guard let n = numeric(right) else { throw .operatorType("-", left, right) }
      return .date(d.addingTimeInterval(-n / 1000))
    default:
      guard let a = numeric(left), let b = numeric(right) else { throw .operatorType("-", left, right) }
      return .number(a - b)
    }
  }

  /// Numbers, numeric text (`"12"`), and null (0); nothing else.
  static func numeric(_ value: Value) -> Double? {
    switch value {
    case .number(let number): number
    case .text(let text): NumberText.parse(text)
    case .null: 0
    default: nil
    }
  }

  /// Make's `=`: numbers (and numeric text against a number) numerically, dates by instant,
  /// structures deeply, otherwise the rendered texts (so `null = ""` holds).
  package static func equals(_ left: Value, _ right: Value) -> Bool {
    switch (left, right) {
    case (.number(let a), .number(let b)): return a == b
    case (.number(let a), .text(let text)), (.text(let text), .number(let a)):
      if let b = NumberText.parse(text) { return a == b }
      return false
    case (.date(let a), .date(let b)): return a == b
    case (.date(let a), .text(let text)), (.text(let text), .date(let a)):
      if let b = LenientDateParser.parse(text, timeZone: TimeZone(identifier: "UTC") ?? .current) { return a == b }
      return false
    case (.array, _), (_, .array), (.collection, _), (_, .collection): return left == right
    case (.null, .null): return true
    default: return left.rendered == right.rendered
    }
  }

  /// Ordering: numeric where both sides are numeric, chronological for dates, otherwise by
  /// Unicode scalars of the rendered texts. `nil` when the values cannot be ordered.
  package static func compare(_ left: Value, _ right: Value) -> Int? {
    switch (left, right) {
    case (.number(let a), .number(let b)): return a < b ? -1 : (a > b ? 1 : 0)
    case (.number(let a), .text(let text)):
      guard let b = NumberText.parse(text) else { return nil }
      return a < b ? -1 : (a > b ? 1 : 0)
    case (.text(let text), .number(let b)):
      guard let a = NumberText.parse(text) else { return nil }
      return a < b ? -1 : (a > b ? 1 : 0)
    case (.date(let a), .date(let b)): return a < b ? -1 : (a > b ? 1 : 0)
    case (.date(let a), .text(let text)):
      guard let b = LenientDateParser.parse(text, timeZone: TimeZone(identifier: "UTC") ?? .current) else { return nil }
      return a < b ? -1 : (a > b ? 1 : 0)
    case (.text(let text), .date(let b)):
      guard let a = LenientDateParser.parse(text, timeZone: TimeZone(identifier: "UTC") ?? .current) else { return nil }
      return a < b ? -1 : (a > b ? 1 : 0)
    case (.array, _), (_, .array), (.collection, _), (_, .collection), (.binary, _), (_, .binary): return nil
    default:
      return compareText(left.rendered, right.rendered)
    }
  }

  package static func compareText(_ a: String, _ b: String) -> Int {
    var left = a.unicodeScalars.makeIterator()
    var right = b.unicodeScalars.makeIterator()
    while true {
      switch (left.next(), right.next()) {
      case (nil, nil): return 0
      case (nil, _): return -1
      case (_, nil): return 1
      case (let x?, let y?):
        if x != y { return x.value < y.value ? -1 : 1 }
      }
    }
  }
}
