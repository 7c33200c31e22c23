import Foundation

/// The math functions of Make's newer expression engine (reference §4.2, from the Workfront Fusion
/// manual, which carries Make's help text): `div`, `sub`, `prod`, `power`, `sqrt`, `ln`, `log`,
/// `sortAscNum`, `sortDescNum`; `number` is an alias of `parseNumber`.
extension MathFunctions {
  static let newerSpecs: [FunctionSpec] = [
    chain(
      "div", "The first number divided by each of the others in turn; dividing by zero is an error.",
      [("div(100; 5; 4)", "5"), ("div(1; 4)", "0.25"), ("div(split(9,3; ,))", "3")]
    ) { total, next throws(EvaluationError) in
      guard next != 0 else { throw .divisionByZero() }
      return total / next
    },
    chain(
      "sub", "The first number minus each of the others in turn.",
      [("sub(10; 3; 2)", "5"), ("sub(1.items)", "-4"), ("sub(5)", "5")]
    ) { total, next throws(EvaluationError) in total - next },
    chain(
      "prod", "The product of the numbers.",
      [("prod(2; 3; 4)", "24"), ("prod(1.items)", "6"), ("prod(2.5; -2)", "-5")]
    ) { total, next throws(EvaluationError) in total * next },
    FunctionSpec(
      "power", groups: [.math],
      parameters: [.required("number", .number), .required("power", .number)],
      result: .number,
      summary: "The number raised to the power; a result that is not a real number (power(-8; 0.5)) is an error.",
      examples: [.init("{{power(2; 10)}}", "1024"), .init("{{power(4; 0.5)}}", "2"), .init("{{power(2; -1)}}", "0.5")],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard let base = try arguments.number(0), let exponent = try arguments.number(1) else { return .null }
        return .number(try real(pow(base, exponent), "power"))
      }),
    unary(
      "sqrt", "The square root; a negative number is an error.", [("sqrt(16)", "4"), ("sqrt(2)", "1.4142135623730951")]
    ) { number throws(EvaluationError) in
      try real(number.squareRoot(), "sqrt")
    },
    unary(
      "ln", "The natural logarithm; 0 and negative numbers are an error.",
      [("ln(1)", "0"), ("round(ln(10) * 1000)", "2303")]
    ) { number throws(EvaluationError) in
      guard number > 0 else { throw .invalidValue("'ln' is defined for numbers greater than 0, not \(number)") }
      return log(number)
    },
    FunctionSpec(
      "log", groups: [.math],
      parameters: [.required("base", .number), .required("number", .number)],
      result: .number,
      summary: "The logarithm of the number to the base (note the order: base first).",
      examples: [.init("{{log(2; 8)}}", "3"), .init("{{log(10; 1000)}}", "3"), .init("{{log(3; 81)}}", "4")],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard let base = try arguments.number(0), let number = try arguments.number(1) else { return .null }
        guard base > 0, base != 1 else {
          throw .invalidValue("'log' needs a base greater than 0 other than 1, not \(base)")
        }
        guard number > 0 else { throw .invalidValue("'log' is defined for numbers greater than 0, not \(number)") }
        // Exact powers of 2 and 10 come out whole (log(8) / log(2) would too, log(1000) / log(10) not).
        switch base {
        case 2: return .number(log2(number))
        case 10: return .number(log10(number))
        default:
          let result = log(number) / log(base)
          let rounded = result.rounded()
          return .number(abs(result - rounded) < 1e-12 && pow(base, rounded) == number ? rounded : result)
        }
      }),
    sortedNumbers(
      "sortAscNum",
      "The numbers of one array or of the arguments, smallest first; items that are not numbers are left out.",
      [("sortAscNum(3; 1; 2)", "1, 2, 3"), ("sortAscNum(split(10,9,100; ,))", "9, 10, 100")], descending: false),
    sortedNumbers(
      "sortDescNum",
      "The numbers of one array or of the arguments, largest first; items that are not numbers are left out.",
      [("sortDescNum(3; 1; 2)", "3, 2, 1"), ("sortDescNum(1.items)", "3, 2, 1")], descending: true),
  ]

  /// A number that is not a real result (NaN, ±∞) as an error.
  private static func real(_ number: Double, _ function: String) throws(EvaluationError) -> Double {
    guard number.isFinite else { throw .invalidValue("'\(function)' has no real result for these numbers") }
    return number
  }

  /// `div`, `sub`, `prod`: one array or the arguments, folded left to right. Every item must be a
  /// number (or numeric text); no numbers is empty.
  private static func chain(
    _ name: String, _ summary: String, _ examples: [(String, String)],
    _ step: @escaping @Sendable (Double, Double) throws(EvaluationError) -> Double
  ) -> FunctionSpec {
    FunctionSpec(
      name, groups: [.math], parameters: [.variadic("array or number1; number2", .any, optional: false)],
      result: .number, summary: summary, examples: examples.map { .init("{{\($0.0)}}", $0.1) },
      implementation: .eager { arguments, _ throws(EvaluationError) in
        var numbers: [Double] = []
        for item in arguments.aggregateItems where item != .null {
          do throws(EvaluationError) {
            if let number = try Coercion.number(from: item) { numbers.append(number) }
          } catch {
            throw .invalidArgument(function: name, parameter: "number", expected: "a number", got: item)
          }
        }
        guard var total = numbers.first else { return .null }
        for number in numbers.dropFirst() { total = try step(total, number) }
        return .number(try real(total, name))
      })
  }

  private static func sortedNumbers(
    _ name: String, _ summary: String, _ examples: [(String, String)], descending: Bool
  ) -> FunctionSpec {
    FunctionSpec(
      name, groups: [.math], parameters: [.variadic("array or number1; number2", .any, optional: false)],
      result: .array, summary: summary, examples: examples.map { .init("{{\($0.0)}}", $0.1) },
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let numbers = arguments.numbers().sorted()
        return .array((descending ? numbers.reversed() : numbers).map(Value.number))
      })
  }
}
