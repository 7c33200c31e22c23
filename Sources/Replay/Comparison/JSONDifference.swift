import Basics

/// Where two JSON values differ: the paths (`customer.tags[1]`) whose values are not the same,
/// with both values; a key or an item present on one side only counts as a difference with null
/// (`nil`) on the other.
struct JSONDifference: Sendable, Hashable {
  /// Dotted keys and `[index]`; empty for the whole value.
  var path: String
  var before: JSONValue?
  var after: JSONValue?

  /// The differences between `before` and `after`, in document order, at most `limit`.
  static func between(_ before: JSONValue?, _ after: JSONValue?, limit: Int = 50) -> [JSONDifference] {
    var found: [JSONDifference] = []
    collect(before, after, path: "", into: &found, limit: limit)
    return found
  }

  private static func collect(
    _ before: JSONValue?, _ after: JSONValue?, path: String, into found: inout [JSONDifference], limit: Int
  ) {
    // Only a leaf is compared whole: comparing every subtree before walking into it would walk
    // each level again once per level above it.
    guard found.count < limit else { return }
    switch (before, after) {
    case (.object(let left)?, .object(let right)?):
      for entry in left.entries {
        collect(entry.value, right[entry.key], path: join(path, entry.key), into: &found, limit: limit)
      }
      for entry in right.entries where left[entry.key] == nil {
        collect(nil, entry.value, path: join(path, entry.key), into: &found, limit: limit)
      }
    case (.array(let left)?, .array(let right)?):
      for index in 0..<max(left.count, right.count) {
        collect(
          index < left.count ? left[index] : nil, index < right.count ? right[index] : nil,
          path: "\(path)[\(index)]", into: &found, limit: limit)
      }
    default:
      if !same(before, after) { found.append(JSONDifference(path: path, before: before, after: after)) }
    }
  }

  /// Equal as JSON: numbers by value, whatever their spelling (`1`, `1.0`).
  private static func same(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
    switch (left, right) {
    case (nil, nil): return true
    case (let left?, let right?):
      if let a = number(left), let b = number(right) { return a == b }
      switch (left, right) {
      case (.object(let a), .object(let b)):
        return a.count == b.count && a.entries.allSatisfy { same($0.value, b[$0.key]) }
      case (.array(let a), .array(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
      default:
        return left == right
      }
    default: return false
    }
  }

  private static func number(_ value: JSONValue) -> Double? {
    switch value {
    case .int(let number): Double(number)
    case .double(let number): number
    case .numberText(let text): Double(text)
    default: nil
    }
  }

  private static func join(_ path: String, _ key: String) -> String {
    path.isEmpty ? key : "\(path).\(key)"
  }
}
