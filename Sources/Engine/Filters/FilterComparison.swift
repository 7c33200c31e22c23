package import Expressions
package import Foundation
package import ScenarioModel

/// Make's filter operators (§5.2 of the Make semantics): each family coerces its operands, and an
/// operand that cannot be coerced makes the condition false rather than failing the module. A
/// pattern that matches for longer than the context's `regexTimeLimit`, or is still matching when
/// the task is cancelled, fails it (`RegexSupport.matches`).
package enum FilterComparison {
  /// The context's time zone is read only by the date and time operators. The context is borrowed,
  /// not captured (an autoclosure reading it made a copy of the whole context per condition).
  static func compare(
    _ a: Value, _ op: FilterOperator, _ b: Value, in context: borrowing EvaluationContext,
    pattern: NSRegularExpressionBox?
  ) throws(EvaluationError) -> Bool {
    switch op.family {
    case .basic:
      let exists = !Coercion.isEmpty(a)
      return op.comparison == .exist ? exists : !exists
    case .text:
      return try text(a, op, b, pattern: pattern, limit: context.regexTimeLimit)
    case .number:
      guard let x = try? Coercion.number(from: a), let y = try? Coercion.number(from: b) else {
        return op.comparison == .notequal
      }
      return ordered(x, y, op.comparison)
    case .date:
      let timeZone = context.timeZone
      guard let x = try? Coercion.date(from: a, timeZone: timeZone),
        let y = try? Coercion.date(from: b, timeZone: timeZone)
      else { return op.comparison == .notequal }
      return ordered(x.timeIntervalSince1970, y.timeIntervalSince1970, op.comparison)
    case .time:
      let timeZone = context.timeZone
      guard let x = secondsOfDay(a, timeZone), let y = secondsOfDay(b, timeZone) else {
        return op.comparison == .notequal
      }
      return ordered(Double(x), Double(y), op.comparison)
    case .array:
      let items = Coercion.array(from: a)
      switch op.comparison {
      case .contain, .notcontain:
        let needle = render(b, lowercased: op.isCaseInsensitive)
        let found = items.contains { render($0, lowercased: op.isCaseInsensitive) == needle }
        return op.comparison == .contain ? found : !found
      default:
        guard let length = try? Coercion.number(from: b) else { return op.comparison == .notequal }
        return ordered(Double(items.count), length, op.comparison)
      }
    case .boolean:
      let equal = Coercion.boolean(from: a) == Coercion.boolean(from: b)
      return op.comparison == .equal ? equal : !equal
    }
  }

  private static func render(_ value: Value, lowercased: Bool) -> String {
    let text = (try? Coercion.text(from: value)) ?? value.rendered
    return lowercased ? text.lowercased() : text
  }

  private static func text(
    _ a: Value, _ op: FilterOperator, _ b: Value, pattern: NSRegularExpressionBox?, limit: Duration
  ) throws(EvaluationError) -> Bool {
    let left = render(a, lowercased: op.isCaseInsensitive && op.comparison != .pattern && op.comparison != .notpattern)
    let right = render(b, lowercased: op.isCaseInsensitive && op.comparison != .pattern && op.comparison != .notpattern)
    switch op.comparison {
    case .equal: return left == right
    case .notequal: return left != right
    case .contain: return left.contains(right)
    case .notcontain: return !left.contains(right)
    case .startwith: return left.hasPrefix(right)
    case .notstartwith: return !left.hasPrefix(right)
    case .endwith: return left.hasSuffix(right)
    case .notendwith: return !left.hasSuffix(right)
    case .pattern, .notpattern:
      let expression =
        pattern?.expression
        ?? NSRegularExpressionBox(pattern: right, caseInsensitive: op.isCaseInsensitive).expression
      guard let expression else { return op.comparison == .notpattern }
      let found = try !RegexSupport.matches(of: expression, in: left, all: false, limit: limit, function: op.id).isEmpty
      return op.comparison == .pattern ? found : !found
    default:
      return false
    }
  }

  private static func ordered(_ x: Double, _ y: Double, _ comparison: FilterOperator.Comparison) -> Bool {
    switch comparison {
    case .equal: x == y
    case .notequal: x != y
    case .less: x < y
    case .greater: x > y
    case .lessorequal: x <= y
    case .greaterorequal: x >= y
    default: false
    }
  }

  /// `hh:mm[:ss]` text, or a date's time of day in the scenario's time zone.
  private static func secondsOfDay(_ value: Value, _ timeZone: TimeZone) -> Int? {
    if case .date(let date) = value {
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = timeZone
      let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
      return (parts.hour ?? 0) * 3600 + (parts.minute ?? 0) * 60 + (parts.second ?? 0)
    }
    guard let text = try? Coercion.text(from: value) else { return nil }
    let pieces = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
    guard pieces.count == 2 || pieces.count == 3 else { return nil }
    let numbers = pieces.compactMap { Int($0) }
    guard numbers.count == pieces.count, (0...23).contains(numbers[0]), (0...59).contains(numbers[1]) else {
      return nil
    }
    let seconds = numbers.count == 3 ? numbers[2] : 0
    guard (0...59).contains(seconds) else { return nil }
    return numbers[0] * 3600 + numbers[1] * 60 + seconds
  }
}

extension FilterComparison {
  /// One condition on two values outside a scenario's filter, for modules that filter their own
  /// data (Search records) with Make's operators.
  package static func holds(
    _ a: Value, _ op: FilterOperator, _ b: Value, timeZone: TimeZone
  ) throws(EvaluationError) -> Bool {
    try compare(a, op, b, in: EvaluationContext(timeZone: timeZone), pattern: nil)
  }
}
