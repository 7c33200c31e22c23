import Basics
package import Foundation

/// The evaluated arguments of one call, with Make's coercions for reading them.
package struct Arguments: Sendable {
  // Up to four arguments live inline, so most calls allocate nothing.
  private var first: Value
  private var second: Value
  private var third: Value
  private var fourth: Value
  private var overflow: [Value]
  package let count: Int
  package var function: String

  package init(_ values: [Value], function: String) {
    count = values.count
    first = values.count > 0 ? values[0] : .null
    second = values.count > 1 ? values[1] : .null
    third = values.count > 2 ? values[2] : .null
    fourth = values.count > 3 ? values[3] : .null
    overflow = values.count > 4 ? Array(values[4...]) : []
    self.function = function
  }

  package init(
    count: Int, _ first: Value, _ second: Value = .null, _ third: Value = .null, _ fourth: Value = .null,
    function: String
  ) {
    self.count = count
    self.first = first
    self.second = second
    self.third = third
    self.fourth = fourth
    overflow = []
    self.function = function
  }

  /// All arguments in order.
  package var values: [Value] { (0..<count).map { self[$0] } }

  /// Argument `index`, or null when not given.
  package subscript(index: Int) -> Value {
    switch index {
    case 0: first
    case 1: second
    case 2: third
    case 3: fourth
    default: index < count && index >= 4 ? overflow[index - 4] : .null
    }
  }

  package func isGiven(_ index: Int) -> Bool {
    index < count && self[index] != .null
  }

  package func text(_ index: Int) throws(EvaluationError) -> String {
    try Coercion.text(from: self[index])
  }

  package func number(_ index: Int) throws(EvaluationError) -> Double? {
    do throws(EvaluationError) { return try Coercion.number(from: self[index]) } catch {
      throw .invalidArgument(
        function: function, parameter: "argument \(index + 1)", expected: "a number", got: self[index])
    }
  }

  package func number(_ index: Int, default value: Double) throws(EvaluationError) -> Double {
    try number(index) ?? value
  }

  /// An integer argument (fractions truncated), clamped into `Int` range.
  package func integer(_ index: Int) throws(EvaluationError) -> Int? {
    guard let number = try number(index) else { return nil }
    return Self.clampedInt(number)
  }

  package static func clampedInt(_ number: Double) -> Int {
    guard number.isFinite else { return number > 0 ? Int.max / 2 : (number < 0 ? Int.min / 2 : 0) }
    let truncated = number.rounded(.towardZero)
    if truncated >= 9.0e15 { return 9_000_000_000_000_000 }
    if truncated <= -9.0e15 { return -9_000_000_000_000_000 }
    return Int(truncated)
  }

  package func date(_ index: Int, _ context: EvaluationContext) throws(EvaluationError) -> Date? {
    do throws(EvaluationError) { return try Coercion.date(from: self[index], timeZone: context.timeZone) } catch {
      throw .invalidArgument(
        function: function, parameter: "argument \(index + 1)", expected: "a date", got: self[index])
    }
  }

  package func array(_ index: Int) -> [Value] {
    Coercion.array(from: self[index])
  }

  package func boolean(_ index: Int) -> Bool {
    Coercion.boolean(from: self[index])
  }

  /// The items of an aggregate call (`sum(1.prices)` or `sum(1; 2; 3)`): one array argument, or
  /// the arguments themselves.
  package var aggregateItems: [Value] {
    if count == 1, case .array(let array) = first { return array }
    return values
  }

  /// The numbers of an aggregate call (``aggregateItems``). Items that are not numbers (or
  /// numeric text) are skipped.
  package func numbers() -> [Double] {
    aggregateItems.compactMap { item -> Double? in
      switch item {
      case .number(let number): number
      case .text(let text): NumberText.parse(text)
      default: nil
      }
    }
  }
}

/// Unevaluated arguments, for functions that evaluate only what they need.
package struct LazyArguments: Sendable {
  let evaluators: [CompiledExpression]

  package var count: Int { evaluators.count }

  /// Evaluates argument `index` (null when not given).
  package func value(_ index: Int, _ context: EvaluationContext) throws(EvaluationError) -> Value {
    guard index < evaluators.count else { return .null }
    return try evaluators[index].evaluate(context)
  }
}

/// An `Evaluator` in a struct, so arrays of them keep the closure's own calling convention
/// (a bare closure stored in an array is re-abstracted and called through thunks).
struct CompiledExpression: Sendable {
  let evaluate: Evaluator
}

/// A compiled expression: evaluates without looking at the source again.
package typealias Evaluator = @Sendable (EvaluationContext) throws(EvaluationError) -> Value
