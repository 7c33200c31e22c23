import Foundation

/// A mapping expression failed while evaluating: a function got a value it cannot use, a text is
/// not a date, a collection landed in a text. Make reports these as a `DataError` of the module.
///
/// Carries data only; `message` is the lower-case, quoted-token text shown to users.
package struct EvaluationError: Error, Sendable, Hashable {
  /// Stable identifier, e.g. `expression.invalidArgument`.
  package var id: String
  package var message: String
  package var fixHint: String?
  /// Where in the template the failing part starts (Unicode scalars, 0-based), when known.
  package var offset: Int?
  package var length: Int

  package init(id: String, message: String, fixHint: String? = nil, offset: Int? = nil, length: Int = 0) {
    self.id = id
    self.message = message
    self.fixHint = fixHint
    self.offset = offset
    self.length = length
  }

  /// The identifier without the `expression.` prefix, for metric labels.
  package var shortDescription: String {
    id.hasPrefix("expression.") ? String(id.dropFirst("expression.".count)) : id
  }

  /// The same error pinned to a place in the template, unless it already has one.
  package func at(offset: Int, length: Int) -> EvaluationError {
    guard self.offset == nil else { return self }
    var copy = self
    copy.offset = offset
    copy.length = length
    return copy
  }
}

extension EvaluationError {
  // The catalogue of evaluation errors; each id is `expression.` + the factory's name.

  private static func id(_ function: String = #function) -> String {
    "expression." + function.prefix { $0 != "(" }
  }

  package static func invalidArgument(
    function: String, parameter: String, expected: String, got value: Value
  ) -> EvaluationError {
    EvaluationError(
      id: id(),
      message: "'\(function)' expects \(expected) for '\(parameter)' but got \(value.kind.rawValue) '\(value.preview)'"
    )
  }

  package static func invalidValue(_ message: String, fixHint: String? = nil) -> EvaluationError {
    EvaluationError(id: id(), message: message, fixHint: fixHint)
  }

  package static func notText(_ value: Value) -> EvaluationError {
    EvaluationError(
      id: id(),
      message: "cannot use a \(value.kind.rawValue) as text",
      fixHint: "Use toString() to turn a collection into JSON text."
    )
  }

  package static func notNumber(_ value: Value) -> EvaluationError {
    EvaluationError(
      id: id(),
      message: "cannot use \(value.kind.rawValue) '\(value.preview)' as a number",
      fixHint: "Use parseNumber() to read numbers written with separators."
    )
  }

  package static func notDate(_ value: Value) -> EvaluationError {
    EvaluationError(
      id: id(),
      message: "cannot use \(value.kind.rawValue) '\(value.preview)' as a date",
      fixHint: "Use parseDate() with a format for dates the lenient parser does not read."
    )
  }

  package static func operatorType(_ symbol: String, _ left: Value, _ right: Value) -> EvaluationError {
    EvaluationError(
      id: id(),
      message:
        "cannot apply '\(symbol)' to \(left.kind.rawValue) '\(left.preview)' and \(right.kind.rawValue) '\(right.preview)'"
    )
  }

  package static func divisionByZero() -> EvaluationError {
    EvaluationError(id: id(), message: "division by zero")
  }

  /// A regular expression matched for longer than the evaluation's limit (it backtracks on this text).
  package static func regexTimeLimit(function: String, limit: Duration) -> EvaluationError {
    let milliseconds = limit.components.seconds * 1000 + limit.components.attoseconds / 1_000_000_000_000_000
    return EvaluationError(
      id: id(),
      message: "'\(function)' stopped matching a regular expression after \(milliseconds) ms",
      fixHint:
        "The pattern backtracks too much on this text: avoid nested or overlapping repetitions such as '(a+)+' or '(a|a)*'."
    )
  }

  /// The task evaluating the template was cancelled while `function` was matching.
  package static func cancelled(function: String) -> EvaluationError {
    EvaluationError(id: id(), message: "'\(function)' was cancelled while matching a regular expression")
  }

  package static func unknownFunction(_ name: String, suggestion: String?) -> EvaluationError {
    EvaluationError(id: id(), message: "unknown function '\(name)'", fixHint: suggestion)
  }

  package static func invalidTemplate(_ message: String, fixHint: String?, offset: Int, length: Int) -> EvaluationError
  {
    EvaluationError(id: "expression.syntax", message: message, fixHint: fixHint, offset: offset, length: length)
  }
}

extension Value {
  /// A short single-line form of the value for error messages (at most 40 characters).
  package var preview: String {
    let full = rendered.replacingOccurrences(of: "\n", with: " ")
    return full.count > 40 ? String(full.prefix(37)) + "..." : full
  }
}
