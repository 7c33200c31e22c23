package import ScenarioModel

/// A finding about one template, positioned inside the template string.
///
/// `offset` and `length` count Unicode scalars from the start of the template (0-based); the
/// caller maps them to a file position with `diagnostic(at:)`.
package struct TemplateDiagnostic: Sendable, Hashable {
  /// Stable identifier: `expression.syntax`, `expression.unknownFunction`, `expression.arity`, …
  package var id: String
  package var severity: Severity
  package var offset: Int
  package var length: Int
  package var message: String
  package var fixHint: String?

  package init(
    id: String, severity: Severity = .error, offset: Int, length: Int, message: String, fixHint: String? = nil
  ) {
    self.id = id
    self.severity = severity
    self.offset = offset
    self.length = length
    self.message = message
    self.fixHint = fixHint
  }

  /// The scenario-level diagnostic, placed by `location`, which maps a template offset to a file
  /// position (for a single-line YAML scalar: `{ start.advanced(byColumns: $0) }`).
  package func diagnostic(at location: (Int) -> SourceLocation) -> Diagnostic {
    Diagnostic(id: id, severity: severity, location: location(offset), message: message, fixHint: fixHint)
  }

  /// The runtime error this diagnostic becomes when an invalid template is evaluated anyway.
  package var evaluationError: EvaluationError {
    EvaluationError(id: id, message: message, fixHint: fixHint, offset: offset, length: length)
  }
}

extension TemplateDiagnostic {
  // The catalogue of template diagnostics, sorted by name. Each id is `expression.` + the
  // factory's name (via #function), so ids never drift from the code that makes them.

  private static func id(_ function: String = #function) -> String {
    "expression." + function.prefix { $0 != "(" }
  }

  package static func argumentType(
    function: String, parameter: String, expected: ValueKind, got: String, offset: Int, length: Int
  ) -> TemplateDiagnostic {
    TemplateDiagnostic(
      id: id(), severity: .warning, offset: offset, length: length,
      message: "'\(function)' expects a \(expected.rawValue) for '\(parameter)' but '\(got)' is not one",
      fixHint: nil)
  }

  package static func arity(
    function: String, expected: ClosedRange<Int>?, minimum: Int, given: Int, offset: Int, length: Int
  ) -> TemplateDiagnostic {
    let takes: String
    if let expected {
      if expected.lowerBound == expected.upperBound {
        takes = "\(expected.lowerBound) argument\(expected.lowerBound == 1 ? "" : "s")"
      } else {
        takes = "\(expected.lowerBound) to \(expected.upperBound) arguments"
      }
    } else {
      takes = "at least \(minimum) argument\(minimum == 1 ? "" : "s")"
    }
    return TemplateDiagnostic(
      id: id(), offset: offset, length: length,
      message: "'\(function)' takes \(takes) but \(given) \(given == 1 ? "was" : "were") given",
      fixHint: "Separate arguments with ';'.")
  }

  package static func empty(offset: Int, length: Int) -> TemplateDiagnostic {
    TemplateDiagnostic(
      id: id(), severity: .warning, offset: offset, length: length,
      message: "expected an expression between '{{' and '}}'", fixHint: "Remove the empty '{{}}' or put a value in it.")
  }

  package static func tooDeep(limit: Int, offset: Int, length: Int) -> TemplateDiagnostic {
    TemplateDiagnostic(
      id: id(), offset: offset, length: length,
      message: "expression nests deeper than \(limit) levels", fixHint: "Split the expression into several fields.")
  }

  package static func syntax(_ message: String, offset: Int, length: Int, fixHint: String? = nil) -> TemplateDiagnostic
  {
    TemplateDiagnostic(id: id(), offset: offset, length: length, message: message, fixHint: fixHint)
  }

  package static func unknownFunction(
    _ name: String, suggestion: String?, offset: Int, length: Int
  ) -> TemplateDiagnostic {
    TemplateDiagnostic(
      id: id(), offset: offset, length: length,
      message: "unknown function '\(name)'", fixHint: suggestion)
  }

  /// Letters in a date format that are no token (`yyyy`, `z`, the `t` of `at`).
  package static func strayDateLetters(in word: String, letters: String, offset: Int) -> TemplateDiagnostic {
    let listed = letters.map { "'\($0)'" }.joined(separator: ", ")
    let hint: String
    switch letters {
    case "y": hint = "Use 'YYYY' for the year (tokens are case-sensitive), or write '[\(word)]' to print the text."
    case "z": hint = "Use 'Z' (+01:00) or 'ZZ' (+0100) for the offset, or write '[\(word)]' to print the text."
    default: hint = "Write '[\(word)]' to print the text as it is; docs/expressions.md lists the date tokens."
    }
    let one = letters.count == 1
    return TemplateDiagnostic(
      id: id(), severity: .warning, offset: offset, length: word.count,
      message:
        "\(listed) in '\(word)' \(one ? "is not a date format token" : "are not date format tokens") and would be printed as \(one ? "it is" : "they are")",
      fixHint: hint)
  }

  package static func invalidRegex(_ pattern: String, reason: String, offset: Int, length: Int) -> TemplateDiagnostic {
    TemplateDiagnostic(
      id: id(), offset: offset, length: length,
      message: "invalid regular expression '/\(pattern)/': \(reason)", fixHint: nil)
  }

  package static func unknownVariable(
    _ name: String, suggestion: String?, offset: Int, length: Int
  ) -> TemplateDiagnostic {
    TemplateDiagnostic(
      id: id(), severity: .warning, offset: offset, length: length,
      message: "unknown system variable 'var.\(name)'", fixHint: suggestion)
  }
}
