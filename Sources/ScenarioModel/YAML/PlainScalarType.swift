/// The type a plain (unquoted, untagged) scalar of a scenario file has: Yams' default rules (YAML
/// 1.1's integers, floats and nulls) with YAML 1.2's booleans, so that `yes`, `no`, `on` and `off`
/// stay text. Read from the scalar's bytes instead of through Yams' regular expressions, which
/// took an eighth of `validate`'s time and brought Foundation's regular-expression engine into
/// every start (docs/benchmarks.md, "Validation"). `PlainScalarTypeTests` checks it against Yams'
/// rules on every string of a small alphabet.
package enum PlainScalarType: Equatable {
  case null, bool, int, float, string

  /// The type of the plain scalar `text`, by the first rule that matches in Yams' order: bool,
  /// int, float, null (anything else, `=` included, is text).
  package init(_ text: String) {
    var text = text
    self = text.withUTF8 { bytes in
      if Self.isBool(bytes) { return .bool }
      if Self.isInt(bytes) { return .int }
      if Self.isFloat(bytes) { return .float }
      if Self.isNull(bytes) { return .null }
      return .string
    }
  }

  private static func isBool(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    switch String(decoding: bytes, as: UTF8.self) {
    case "true", "True", "TRUE", "false", "False", "FALSE": true
    default: false
    }
  }

  private static func isNull(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    switch String(decoding: bytes, as: UTF8.self) {
    case "", "~", "null", "Null", "NULL": true
    default: false
    }
  }

  /// `[-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+
  /// | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+`
  private static func isInt(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = signEnd(bytes)
    let count = bytes.count - start
    guard count >= 1 else { return false }
    let first = bytes[start]
    if first == zero {
      if count == 1 { return true }
      let second = bytes[start + 1]
      if second == UInt8(ascii: "b") { return count >= 3 && all(bytes, from: start + 2, isBinaryDigit) }
      if second == UInt8(ascii: "x") { return count >= 3 && all(bytes, from: start + 2, isHexDigit) }
      let digits = second == UInt8(ascii: "o") ? start + 2 : start + 1
      return digits < bytes.count && all(bytes, from: digits, isOctalDigit)
    }
    guard isNonZeroDigit(first) else { return false }
    let end = span(bytes, from: start + 1, isDecimalDigit)
    if end == bytes.count { return true }
    return sexagesimalGroupsEnd(bytes, from: end) == bytes.count
  }

  /// `[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)? | \.[0-9_]+(?:[eE][-+][0-9]+)?
  /// | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)`
  private static func isFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = signEnd(bytes)
    guard start < bytes.count else { return false }
    if bytes[start] == dot {
      let rest = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)...]), as: UTF8.self)
      if ["inf", "Inf", "INF"].contains(rest) { return true }
      guard start == 0 else { return false }
      if ["nan", "NaN", "NAN"].contains(rest) { return true }
      // \.[0-9_]+ and an exponent whose sign is required.
      let end = span(bytes, from: 1, isDecimalDigit)
      guard end > 1 else { return false }
      return end == bytes.count || exponentEnd(bytes, from: end, signRequired: true) == bytes.count
    }
    guard isDigit(bytes[start]) else { return false }
    var index = span(bytes, from: start + 1, isDecimalDigit)
    if index < bytes.count, bytes[index] == colon {
      // Sexagesimal: groups, then a point and a fraction.
      guard let end = sexagesimalGroupsEnd(bytes, from: index), end < bytes.count, bytes[end] == dot else {
        return false
      }
      return span(bytes, from: end + 1, isDecimalDigit) == bytes.count
    }
    if index < bytes.count, bytes[index] == dot { index = span(bytes, from: index + 1, isDecimalDigit) }
    return index == bytes.count || exponentEnd(bytes, from: index, signRequired: false) == bytes.count
  }

  /// Where `(?::[0-5]?[0-9])+` starting at `index` ends, or nil when it does not match there. A
  /// group's digits run to the next byte that is not a digit.
  private static func sexagesimalGroupsEnd(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int? {
    var index = index
    var groups = 0
    while index < bytes.count, bytes[index] == colon {
      let digitsEnd = span(bytes, from: index + 1, isDigit)
      switch digitsEnd - index - 1 {
      case 1: break
      case 2 where bytes[index + 1] <= UInt8(ascii: "5"): break
      default: return nil
      }
      groups += 1
      index = digitsEnd
    }
    return groups > 0 ? index : nil
  }

  /// Where `[eE][-+]?[0-9]+` (the sign required when `signRequired`) starting at `index` ends, or
  /// nil when it does not match there.
  private static func exponentEnd(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int, signRequired: Bool) -> Int? {
    guard index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") else { return nil }
    var index = index + 1
    if index < bytes.count, bytes[index] == plus || bytes[index] == minus {
      index += 1
    } else if signRequired {
      return nil
    }
    let end = span(bytes, from: index, isDigit)
    return end > index ? end : nil
  }

  /// The index after an optional leading `-` or `+`.
  private static func signEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let first = bytes.first, first == plus || first == minus else { return 0 }
    return 1
  }

  /// The index of the first byte from `index` on that is not `matching`.
  private static func span(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int, _ matching: (UInt8) -> Bool) -> Int {
    var index = index
    while index < bytes.count, matching(bytes[index]) { index += 1 }
    return index
  }

  private static func all(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int, _ matching: (UInt8) -> Bool) -> Bool {
    span(bytes, from: index, matching) == bytes.count
  }

  private static let zero = UInt8(ascii: "0")
  private static let dot = UInt8(ascii: ".")
  private static let colon = UInt8(ascii: ":")
  private static let plus = UInt8(ascii: "+")
  private static let minus = UInt8(ascii: "-")
  private static let underscore = UInt8(ascii: "_")

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= UInt8(ascii: "9") }
  private static func isNonZeroDigit(_ byte: UInt8) -> Bool { byte > zero && byte <= UInt8(ascii: "9") }
  private static func isDecimalDigit(_ byte: UInt8) -> Bool { isDigit(byte) || byte == underscore }
  private static func isBinaryDigit(_ byte: UInt8) -> Bool { byte == zero || byte == zero + 1 || byte == underscore }
  private static func isOctalDigit(_ byte: UInt8) -> Bool {
    (byte >= zero && byte <= UInt8(ascii: "7")) || byte == underscore
  }
  private static func isHexDigit(_ byte: UInt8) -> Bool {
    isDecimalDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
  }
}
