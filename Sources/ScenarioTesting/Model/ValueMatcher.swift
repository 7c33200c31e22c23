package import Expressions
import Foundation

/// An expected value, as a test file writes it.
///
/// A plain value matches like for like: a mapping needs only the keys it lists (the actual value
/// may have more), a list needs the same number of items each matching, a scalar needs an equal
/// value (a number and a text that reads the same are equal: `40` matches `"40"`). A mapping of
/// exactly one of `equals`, `contains`, `matches` asks for more: `equals` an exact value (every key),
/// `contains` a text inside the rendered value (or an item of a list), `matches` a regular
/// expression found in the rendered value.
package indirect enum ValueMatcher: Sendable {
  case like(Value)
  case collection([(key: String, matcher: ValueMatcher)])
  case array([ValueMatcher])
  case equals(Value)
  case contains(Value)
  case matches(String)

  /// A difference between what was expected and what came, at a path inside the value.
  package struct Mismatch: Sendable, Hashable {
    /// `text`, `customer.tags[2]`; empty for the value itself.
    package var path: String
    package var expected: String
    package var actual: String
  }

  /// Every difference between this expectation and `actual` (empty when it matches).
  package func mismatches(_ actual: Value, path: String = "") -> [Mismatch] {
    switch self {
    case .like(let expected):
      return Self.sameScalar(expected, actual)
        ? [] : [Mismatch(path: path, expected: Self.show(expected), actual: Self.show(actual))]
    case .equals(let expected):
      return Self.differences(expected, actual, path: path)
    case .collection(let entries):
      guard case .collection(let fields) = actual else {
        return [Mismatch(path: path, expected: "a collection", actual: Self.show(actual))]
      }
      return entries.flatMap { entry in
        let child = path.isEmpty ? entry.key : path + "." + entry.key
        guard let value = fields[entry.key] else {
          return [Mismatch(path: child, expected: entry.matcher.description, actual: "(missing)")]
        }
        return entry.matcher.mismatches(value, path: child)
      }
    case .array(let items):
      guard case .array(let values) = actual else {
        return [Mismatch(path: path, expected: "a list of \(items.count)", actual: Self.show(actual))]
      }
      guard values.count == items.count else {
        return [
          Mismatch(path: path, expected: "\(items.count) item(s)", actual: "\(values.count): \(Self.show(actual))")
        ]
      }
      return zip(items, values).enumerated().flatMap { index, pair in
        pair.0.mismatches(pair.1, path: "\(path)[\(index + 1)]")
      }
    case .contains(let expected):
      if case .array(let values) = actual {
        return values.contains(where: { Self.sameScalar(expected, $0) })
          ? [] : [Mismatch(path: path, expected: "a list containing \(Self.show(expected))", actual: Self.show(actual))]
      }
      return actual.rendered.contains(expected.rendered)
        ? [] : [Mismatch(path: path, expected: "text containing \(Self.show(expected))", actual: Self.show(actual))]
    case .matches(let pattern):
      let found = (try? Regex(pattern)).map { actual.rendered.contains($0) } ?? false
      return found ? [] : [Mismatch(path: path, expected: "text matching /\(pattern)/", actual: Self.show(actual))]
    }
  }

  /// Where two values differ, exactly: key by key through collections (a missing or extra key is
  /// a difference), item by item through lists of the same length, else the values whole.
  static func differences(_ expected: Value, _ actual: Value, path: String) -> [Mismatch] {
    if expected == actual { return [] }
    func child(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
    switch (expected, actual) {
    case (.collection(let wanted), .collection(let got)):
      var found: [Mismatch] = []
      for (key, value) in wanted {
        if let other = got[key] {
          found += differences(value, other, path: child(key))
        } else {
          found.append(Mismatch(path: child(key), expected: show(value), actual: "(missing)"))
        }
      }
      for (key, value) in got where wanted[key] == nil {
        found.append(Mismatch(path: child(key), expected: "(no such key)", actual: show(value)))
      }
      return found
    case (.array(let wanted), .array(let got)) where wanted.count == got.count:
      return zip(wanted, got).enumerated().flatMap { index, pair in
        differences(pair.0, pair.1, path: "\(path)[\(index + 1)]")
      }
    default:
      return [Mismatch(path: path, expected: show(expected), actual: show(actual))]
    }
  }

  /// How the expectation reads in a message.
  package var description: String {
    switch self {
    case .like(let value), .equals(let value): Self.show(value)
    case .collection: "a collection"
    case .array(let items): "a list of \(items.count)"
    case .contains(let value): "containing \(Self.show(value))"
    case .matches(let pattern): "matching /\(pattern)/"
    }
  }

  /// Equal values, or a number and a text that read the same.
  private static func sameScalar(_ expected: Value, _ actual: Value) -> Bool {
    if expected == actual { return true }
    switch (expected, actual) {
    case (.text, .number), (.number, .text), (.text, .boolean), (.boolean, .text), (.text, .date):
      return expected.rendered == actual.rendered
    default:
      return false
    }
  }

  /// A value as compact JSON (text quoted), for messages.
  static func show(_ value: Value) -> String { value.jsonText() }
}
