package import Basics

extension JSONValue {
  /// JSON equality as Make reads blueprints: object keys in any order, numbers by value
  /// (`2`, `2.0` and the text `2` a verbatim read keeps are one number), everything else exactly.
  package func isJSONEqual(to other: JSONValue) -> Bool {
    switch (self, other) {
    case (.object(let left), .object(let right)):
      guard left.count == right.count else { return false }
      return left.entries.allSatisfy { entry in
        right[entry.key].map { entry.value.isJSONEqual(to: $0) } ?? false
      }
    case (.array(let left), .array(let right)):
      return left.count == right.count && zip(left, right).allSatisfy { $0.isJSONEqual(to: $1) }
    default:
      if let left = numberValue, let right = other.numberValue { return left == right }
      return self == other
    }
  }

  /// A whole number as a blueprint holds one: an integer (as parsed, or as the text a verbatim
  /// read keeps), and with `acceptingText` the same written in a string (`"5"`, as Make stores
  /// some mapped numbers); nil for anything else.
  func wholeNumber(acceptingText: Bool = false) -> Int? {
    switch self {
    case .int(let number): number
    case .numberText(let text): Int(text)
    case .string(let text) where acceptingText: Int(text)
    default: nil
    }
  }

  private var numberValue: Double? {
    switch self {
    case .int(let number): Double(number)
    case .double(let number): number
    case .numberText(let text): Double(text)
    default: nil
    }
  }
}
