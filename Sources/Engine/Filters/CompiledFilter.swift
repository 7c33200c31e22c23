package import Expressions
import Foundation
package import ScenarioModel

/// A filter compiled once: OR of AND-groups of conditions with their operands compiled and, where
/// the pattern is a literal, the regular expression compiled too.
///
/// Filters and their conditions are immutable classes: the interpreter reads them for every bundle,
/// and holding one reference costs one retain where copying the struct retained each field.
package final class CompiledFilter: Sendable {
  package let name: String?
  package let groups: [[CompiledCondition]]
  package let location: SourceLocation
  /// The condition of a filter of one condition (the most common), checked without going
  /// through the groups: iterating them retained and released each group and condition.
  private let only: CompiledCondition?

  package init(_ filter: Filter) {
    name = filter.name
    location = filter.location
    groups = filter.conditions.map { group in group.compactMap(CompiledCondition.init) }
    only = groups.count == 1 && groups[0].count == 1 ? groups[0][0] : nil
  }

  /// Whether a bundle passes: no conditions pass; otherwise any group whose conditions all hold.
  package func passes(in context: EvaluationContext) throws(MappingError) -> Bool {
    if let only { return try only.holds(in: context) }
    if groups.isEmpty { return true }
    for group in groups {
      var holds = true
      for condition in group where !(try condition.holds(in: context)) {
        holds = false
        break
      }
      if holds { return true }
    }
    return false
  }
}

/// One `a op b` comparison.
package final class CompiledCondition: Sendable {
  package let a: CompiledValue
  package let op: FilterOperator
  package let b: CompiledValue?
  /// The compiled pattern when `b` is a literal (text:pattern).
  private let literalPattern: NSRegularExpressionBox?
  /// Where the operator is written: a pattern that exceeds its time limit fails there.
  private let location: SourceLocation

  init?(_ condition: Condition) {
    guard let op = FilterOperator(id: condition.op.value) else { return nil }
    self.op = op
    location = condition.op.location
    a = CompiledValue(condition.a)
    b = condition.b.map(CompiledValue.init)
    if op.comparison == .pattern || op.comparison == .notpattern, case .constant(.text(let pattern))? = b {
      literalPattern = NSRegularExpressionBox(pattern: pattern, caseInsensitive: op.isCaseInsensitive)
    } else {
      literalPattern = nil
    }
  }

  func holds(in context: EvaluationContext) throws(MappingError) -> Bool {
    let left = try a.value(in: context)
    let right = try b?.value(in: context) ?? .null
    do {
      return try FilterComparison.compare(left, op, right, in: context, pattern: literalPattern)
    } catch {
      throw MappingError(error: error, template: right.rendered, location: location)
    }
  }
}

/// `NSRegularExpression` is immutable and documented thread-safe once created.
struct NSRegularExpressionBox: @unchecked Sendable {
  let expression: NSRegularExpression?

  init(pattern: String, caseInsensitive: Bool) {
    expression = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
  }
}
