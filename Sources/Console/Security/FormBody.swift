import Foundation

/// An `application/x-www-form-urlencoded` body (the console's forms) as name → values.
struct FormBody: Sendable {
  private var fields: [(name: String, value: String)] = []

  init(_ text: String) {
    for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = Self.decode(parts[0])
      let value = parts.count > 1 ? Self.decode(parts[1]) : ""
      fields.append((name, value))
    }
  }

  /// The first value of `name`.
  subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

  /// Every value of `name`, in order.
  func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

  private static func decode(_ text: Substring) -> String {
    let spaced = text.replacingOccurrences(of: "+", with: " ")
    return spaced.removingPercentEncoding ?? spaced
  }
}
