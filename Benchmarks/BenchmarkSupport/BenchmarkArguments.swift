/// A benchmark program's `--name value` options, read once: every name must be one the program
/// knows and carry a value; each is then read with its default.
package struct BenchmarkArguments {
  private let values: [String: String]

  /// - Throws: ``UsageError`` for a name the program does not know or one without a value.
  package init(_ arguments: [String], known: Set<String>) throws(UsageError) {
    var values: [String: String] = [:]
    var rest = arguments[...]
    while let name = rest.popFirst() {
      guard known.contains(name) else { throw UsageError(message: "unknown option '\(name)'") }
      guard let value = rest.popFirst() else { throw UsageError(message: "\(name) needs a value") }
      values[name] = value
    }
    self.values = values
  }

  /// The option's text, or `default` when it is not given.
  package func text(_ name: String, default value: String) -> String {
    values[name] ?? value
  }

  /// A positive whole number, or `default` when the option is not given.
  package func positive(_ name: String, default value: Int) throws(UsageError) -> Int {
    guard let text = values[name] else { return value }
    guard let number = Int(text), number > 0 else {
      throw UsageError(message: "\(name) needs a positive number, got '\(text)'")
    }
    return number
  }

  /// One of `choices`, or `default` when the option is not given.
  package func choice(_ name: String, among choices: [String], default value: String) throws(UsageError) -> String {
    guard let text = values[name] else { return value }
    guard choices.contains(text) else {
      throw UsageError(message: "\(name) is \(choices.joined(separator: " or ")), got '\(text)'")
    }
    return text
  }
}

/// A benchmark program called with options it cannot use.
package struct UsageError: Error, CustomStringConvertible {
  package var message: String
  package var description: String { message }

  package init(message: String) {
    self.message = message
  }
}
