import Basics
import Foundation

/// `abs`, `average`, `ceil`, `floor`, `formatNumber`, `max`, `median`, `min`, `parseNumber`,
/// `round`, `stdevP`, `stdevS`, `sum`, `trunc` (reference §4.2).
enum MathFunctions {
  static let specs: [FunctionSpec] = [
    unary("abs", "The absolute value.", [("abs(-5)", "5"), ("abs(-3.7)", "3.7"), ("abs(0)", "0")]) { abs($0) },
    aggregate(
      "average",
      "The arithmetic mean of one array or of the arguments; items that are not numbers are skipped; no numbers is empty.",
      [("average(1; 2; 3)", "2"), ("average(1.items)", "2"), ("average(emptyarray)", "")]
    ) { numbers in numbers.isEmpty ? nil : numbers.reduce(0, +) / Double(numbers.count) },
    unary(
      "ceil", "The smallest integer greater than or equal to the number.",
      [("ceil(1.2)", "2"), ("ceil(4)", "4"), ("ceil(-1.5)", "-1")]
    ) {
      $0.rounded(.up)
    },
    unary(
      "floor", "The largest integer less than or equal to the number.",
      [("floor(1.2)", "1"), ("floor(1.9)", "1"), ("floor(-1.5)", "-2")]
    ) {
      $0.rounded(.down)
    },
    FunctionSpec(
      "formatNumber", groups: [.math],
      parameters: [
        .required("number", .number), .required("decimalPoints", .number), .optional("decimalSeparator", .text),
        .optional("thousandsSeparator", .text),
      ],
      result: .text,
      summary:
        "The number as text with exactly that many decimals (half away from zero); separators default to ',' (decimal) and '.' (thousands).",
      examples: [
        .init("{{formatNumber(123456789; 3; ,; .)}}", "123.456.789,000"),
        .init("{{formatNumber(1234.5; 2; .; ,)}}", "1,234.50"),
        .init("{{formatNumber(1234.5; 0)}}", "1.235"),
        .init("{{formatNumber(-0.004; 2)}}", "0,00"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard let number = try arguments.number(0) else { return .null }
        let decimals = max(0, min(20, try arguments.integer(1) ?? 0))
        let decimalSeparator = arguments.isGiven(2) ? try arguments.text(2) : ","
        let thousandsSeparator = arguments.isGiven(3) ? try arguments.text(3) : "."
        return .text(
          formatNumber(
            number, decimals: decimals, decimalSeparator: decimalSeparator, thousandsSeparator: thousandsSeparator))
      }),
    aggregate(
      "max", "The largest number of one array or of the arguments; no numbers is empty.",
      [("max(1; 5; 3)", "5"), ("max(1.items)", "3")]
    ) {
      $0.max()
    },
    aggregate(
      "median", "The median of one array or of the arguments; an even count gives the mean of the two middle values.",
      [("median(3; 5; 7)", "5"), ("median(2; 3; 5; 8)", "4"), ("median(2.5; 3.5; 2; 4.5; 1)", "2.5")]
    ) { numbers in
      guard !numbers.isEmpty else { return nil }
      let sorted = numbers.sorted()
      let middle = sorted.count / 2
      return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    },
    aggregate(
      "min", "The smallest number of one array or of the arguments; no numbers is empty.",
      [("min(4; 2; 9)", "2"), ("min(1.items)", "1")]
    ) {
      $0.min()
    },
    FunctionSpec(
      "parseNumber", groups: [.math],
      parameters: [.required("text", .text), .optional("decimalSeparator", .text)],
      result: .number,
      summary:
        "Reads a number written with the given decimal separator (default '.'); spaces, '.', ',', ''' and '_' used for grouping are dropped.",
      examples: [
        .init("{{parseNumber(1 756,456; ,)}}", "1756.456"),
        .init("{{parseNumber(1.756,456; ,)}}", "1756.456"),
        .init("{{parseNumber(1,756.456; .)}}", "1756.456"),
        .init("{{parseNumber(-12)}}", "-12"),
        .init("{{toNumber(12.5)}}", "12.5"), .init("{{number(1 000)}}", "1000"),
      ],
      aliases: ["toNumber", "number"],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        switch arguments[0] {
        case .null: return .null
        case .number: return arguments[0]
        default: break
        }
        let text = try arguments.text(0)
        let separator = arguments.isGiven(1) ? try arguments.text(1) : "."
        guard let number = parseNumber(text, decimalSeparator: separator) else {
          throw .invalidValue(
            "'parseNumber' cannot read '\(Value.text(text).preview)' as a number with decimal separator '\(separator)'")
        }
        return .number(number)
      }),
    unary(
      "round", "The nearest integer; halves go up (toward +∞), as in JavaScript.",
      [("round(1.2)", "1"), ("round(1.5)", "2"), ("round(1.7)", "2"), ("round(2)", "2"), ("round(-1.5)", "-1")]
    ) { ($0 + 0.5).rounded(.down) },
    aggregate(
      "stdevP", "The population standard deviation of one array or of the arguments.",
      [("stdevP(1; 2; 3; 4; 5)", "1.4142135623730951")]
    ) { numbers in standardDeviation(numbers, sample: false) },
    aggregate(
      "stdevS",
      "The sample standard deviation (n − 1) of one array or of the arguments; fewer than two numbers is empty.",
      [("stdevS(1; 2; 3; 4; 5)", "1.5811388300841898")]
    ) { numbers in standardDeviation(numbers, sample: true) },
    aggregate(
      "sum", "The sum of one array or of the arguments; no numbers is 0.",
      [("sum(1; 2; 3)", "6"), ("sum(1.items)", "6"), ("sum(emptyarray)", "0")]
    ) { numbers in numbers.reduce(0, +) },
    FunctionSpec(
      "trunc", groups: [.math],
      parameters: [.required("number", .number), .optional("precision", .number)],
      result: .number,
      summary:
        "Cuts the digits after `precision` decimals (default 0) toward zero; a negative precision truncates to tens, hundreds, …",
      examples: [
        .init("{{trunc(3.789)}}", "3"), .init("{{trunc(3.789; 2)}}", "3.78"), .init("{{trunc(-3.7)}}", "-3"),
        .init("{{trunc(123.456; -2)}}", "100"), .init("{{trunc(3.789; -2)}}", "0"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard let number = try arguments.number(0) else { return .null }
        let precision = max(-300, min(300, try arguments.integer(1) ?? 0))
        let factor = pow(10, Double(precision))
        guard factor.isFinite, factor > 0 else { return .number(number) }
        let scaled = number * factor
        guard scaled.isFinite else { return .number(number) }
        return .number(scaled.rounded(.towardZero) / factor)
      }),
  ]

  /// A number → number function; null stays null.
  static func unary(
    _ name: String, _ summary: String, _ examples: [(String, String)],
    _ operation: @escaping @Sendable (Double) throws(EvaluationError) -> Double
  ) -> FunctionSpec {
    FunctionSpec(
      name, groups: [.math], parameters: [.required("number", .number)], result: .number, summary: summary,
      examples: examples.map { .init("{{\($0.0)}}", $0.1) },
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard let number = try arguments.number(0) else { return .null }
        return .number(try operation(number))
      })
  }

  private static func aggregate(
    _ name: String, _ summary: String, _ examples: [(String, String)],
    _ operation: @escaping @Sendable ([Double]) -> Double?
  ) -> FunctionSpec {
    FunctionSpec(
      name, groups: [.math], parameters: [.variadic("array or value1; value2", .any, optional: false)], result: .number,
      summary: summary, examples: examples.map { .init("{{\($0.0)}}", $0.1) },
      implementation: .eager { arguments, _ throws(EvaluationError) in
        operation(arguments.numbers()).map(Value.number) ?? .null
      })
  }

  static func standardDeviation(_ numbers: [Double], sample: Bool) -> Double? {
    let count = Double(numbers.count)
    guard numbers.count >= (sample ? 2 : 1) else { return nil }
    let mean = numbers.reduce(0, +) / count
    let squares = numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (squares / (sample ? count - 1 : count)).squareRoot()
  }

  static func formatNumber(
    _ number: Double, decimals: Int, decimalSeparator: String, thousandsSeparator: String
  ) -> String {
    guard number.isFinite else { return NumberText.render(number) }
    let factor = pow(10, Double(decimals))
    let scaled = (abs(number) * factor).rounded(.toNearestOrAwayFromZero)
    var digits = scaled < 1e300 ? String(format: "%.0f", scaled) : "0"
    if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
    let integerDigits = Array(digits.dropLast(decimals))
    let fraction = String(digits.suffix(decimals))
    var grouped = ""
    for (index, digit) in integerDigits.enumerated() {
      if index > 0, (integerDigits.count - index) % 3 == 0 { grouped += thousandsSeparator }
      grouped.append(digit)
    }
    let sign = number < 0 && scaled != 0 ? "-" : ""
    return sign + grouped + (decimals > 0 ? decimalSeparator + fraction : "")
  }

  static func parseNumber(_ text: String, decimalSeparator: String) -> Double? {
    let separator = decimalSeparator.isEmpty ? "." : decimalSeparator
    var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
    var negative = false
    if body.hasPrefix("-") {
      negative = true
      body.removeFirst()
    } else if body.hasPrefix("+") {
      body.removeFirst()
    }
    let parts = body.components(separatedBy: separator)
    guard parts.count <= 2 else { return nil }
    let grouping: Set<Character> = [" ", "\u{00A0}", "\u{202F}", ".", ",", "'", "_"]
    func digitsOnly(_ part: String) -> String? {
      var digits = ""
      for character in part {
        if character.isASCII, character.isNumber {
          digits.append(character)
        } else if !grouping.contains(character) {
          return nil
        }
      }
      return digits
    }
    guard let integer = digitsOnly(parts[0]) else { return nil }
    var fraction = ""
    if parts.count == 2 {
      guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
      fraction = parts[1]
    }
    guard !(integer.isEmpty && fraction.isEmpty) else { return nil }
    guard let value = Double((integer.isEmpty ? "0" : integer) + "." + (fraction.isEmpty ? "0" : fraction)) else {
      return nil
    }
    return negative ? -value : value
  }
}
