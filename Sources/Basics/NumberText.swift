/// Numbers as text the way JavaScript's `String(n)` writes them, which is what Make shows.
package enum NumberText {
  /// `3` not `3.0`, `0.1`, `1e+21`, `1e-7`, `NaN`, `Infinity`.
  package static func render(_ number: Double) -> String {
    if number.isNaN { return "NaN" }
    if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
    if number == 0 { return "0" }
    if number == number.rounded(), abs(number) < 9.0e15 {
      return String(Int64(number))
    }
    let shortest = "\(number)"  // shortest round-trip digits, possibly with an exponent
    guard let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return shortest }
    let mantissa = String(shortest[..<e])
    guard let exponent = Int(shortest[shortest.index(after: e)...]) else { return shortest }
    if exponent >= 21 || exponent <= -7 {
      return mantissa + "e" + (exponent >= 0 ? "+" : "-") + String(abs(exponent))
    }
    // Expand into plain decimal notation.
    let negative = mantissa.hasPrefix("-")
    let unsigned = negative ? String(mantissa.dropFirst()) : mantissa
    let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
    let integerPart = parts.first.map(String.init) ?? ""
    var fraction = parts.count > 1 ? String(parts[1]) : ""
    if fraction == "0" { fraction = "" }
    let digits = integerPart + fraction
    let point = integerPart.count + exponent
    var result: String
    if point <= 0 {
      result = "0." + String(repeating: "0", count: -point) + digits
    } else if point >= digits.count {
      result = digits + String(repeating: "0", count: point - digits.count)
    } else {
      let index = digits.index(digits.startIndex, offsetBy: point)
      result = String(digits[..<index]) + "." + String(digits[index...])
    }
    while result.contains("."), result.hasSuffix("0") { result.removeLast() }
    if result.hasSuffix(".") { result.removeLast() }
    return negative ? "-" + result : result
  }

  /// Parses decimal text like JavaScript's `Number(text)` for plain decimals: optional sign,
  /// digits, optional fraction and exponent, surrounding whitespace ignored. Empty text is not a
  /// number (unlike JavaScript, where it is 0).
  package static func parse(_ text: String) -> Double? {
    var scalars = Substring(text).unicodeScalars[...]
    while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
    guard !scalars.isEmpty else { return nil }
    var sawDigit = false
    var index = scalars.startIndex
    func peek() -> Unicode.Scalar? { index < scalars.endIndex ? scalars[index] : nil }
    if let c = peek(), c == "+" || c == "-" { index = scalars.index(after: index) }
    while let c = peek(), ("0"..."9").contains(c) {
      sawDigit = true
      index = scalars.index(after: index)
    }
    if let c = peek(), c == "." {
      index = scalars.index(after: index)
      while let c = peek(), ("0"..."9").contains(c) {
        sawDigit = true
        index = scalars.index(after: index)
      }
    }
    guard sawDigit else { return nil }
    if let c = peek(), c == "e" || c == "E" {
      index = scalars.index(after: index)
      if let c = peek(), c == "+" || c == "-" { index = scalars.index(after: index) }
      var exponentDigits = false
      while let c = peek(), ("0"..."9").contains(c) {
        exponentDigits = true
        index = scalars.index(after: index)
      }
      guard exponentDigits else { return nil }
    }
    guard index == scalars.endIndex else { return nil }
    return Double(String(String.UnicodeScalarView(scalars)))
  }
}
