package import Foundation

/// Reads the date texts Make accepts in a date field (reference §3.2): ISO 8601, `YYYY/MM/DD`,
/// US `MM/DD/YYYY`, European `D.M.YYYY`, each with an optional time (`HH:mm[:ss[.SSS]]`, or
/// `h:mm AM`), and an optional zone (`Z`, `+02:00`, `+0200`, `GMT+02:00`). A text without a zone is
/// read in `timeZone`.
package enum LenientDateParser {
  package static func parse(_ text: String, timeZone: TimeZone) -> Date? {
    var scanner = Scanner(Array(text.unicodeScalars))
    scanner.skipSpaces()
    guard let first = scanner.integer(maxDigits: 4) else { return nil }
    guard let separator = scanner.take(anyOf: "-/.") else { return nil }
    guard let second = scanner.integer(maxDigits: 2), scanner.take(separator) else { return nil }
    guard let third = scanner.integer(maxDigits: 4) else { return nil }
    var civil: CivilDate
    switch separator {
    case "-":
      guard first.digits == 4 else { return nil }
      civil = CivilDate(year: first.value, month: second.value, day: third.value)
    case "/" where first.digits == 4:
      civil = CivilDate(year: first.value, month: second.value, day: third.value)
    case "/":
      guard third.digits == 4 else { return nil }
      civil = CivilDate(year: third.value, month: first.value, day: second.value)
    default:
      guard third.digits == 4 else { return nil }
      civil = CivilDate(year: third.value, month: second.value, day: first.value)
    }
    guard (1...12).contains(civil.month),
      (1...CivilDate.daysInMonth(year: civil.year, month: civil.month)).contains(civil.day)
    else { return nil }

    // Optional time.
    let beforeTime = scanner.index
    if scanner.take("T") || scanner.skipSpaces() {
      if let hour = scanner.integer(maxDigits: 2), scanner.take(":"), let minute = scanner.integer(maxDigits: 2) {
        civil.hour = hour.value
        civil.minute = minute.value
        if scanner.take(":") {
          guard let second = scanner.integer(maxDigits: 2) else { return nil }
          civil.second = second.value
          if scanner.take(".") || scanner.take(",") {
            guard let fraction = scanner.integer(maxDigits: 9) else { return nil }
            let scaled = Double(fraction.value) / pow(10, Double(fraction.digits))
            civil.millisecond = Int((scaled * 1000).rounded(.down))
          }
        }
        let beforeMeridiem = scanner.index
        scanner.skipSpaces()
        if let meridiem = scanner.meridiem() {
          guard (1...12).contains(civil.hour) else { return nil }
          civil.hour = civil.hour % 12 + (meridiem ? 12 : 0)
        } else {
          scanner.index = beforeMeridiem
        }
        guard civil.hour < 24, civil.minute < 60, civil.second < 60 else { return nil }
      } else {
        scanner.index = beforeTime
      }
    }

    // Optional zone.
    scanner.skipSpaces()
    var offsetSeconds: Int?
    if scanner.take("Z") || scanner.take("z") {
      offsetSeconds = 0
    } else {
      let hadPrefix = scanner.take(word: "GMT") || scanner.take(word: "UTC")
      if let sign = scanner.take(anyOf: "+-") {
        guard let hours = scanner.integer(maxDigits: 2) else { return nil }
        var minutes = 0
        if hours.digits == 2 {
          _ = scanner.take(":")
          if let parsed = scanner.integer(maxDigits: 2) { minutes = parsed.value }
        }
        let total = hours.value * 3600 + minutes * 60
        offsetSeconds = sign == "-" ? -total : total
      } else if hadPrefix {
        offsetSeconds = 0
      }
    }
    scanner.skipSpaces()
    guard scanner.isAtEnd else { return nil }
    if let offsetSeconds {
      let local = civil.millisecondsAsUTC
      return Date(timeIntervalSince1970: Double(local - Int64(offsetSeconds) * 1000) / 1000)
    }
    return civil.date(in: timeZone)
  }
}

private struct Scanner {
  let scalars: [Unicode.Scalar]
  var index = 0

  init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

  var isAtEnd: Bool { index >= scalars.count }

  @discardableResult
  mutating func skipSpaces() -> Bool {
    let start = index
    while index < scalars.count, scalars[index] == " " { index += 1 }
    return index > start
  }

  mutating func take(_ scalar: Unicode.Scalar) -> Bool {
    guard index < scalars.count, scalars[index] == scalar else { return false }
    index += 1
    return true
  }

  mutating func take(anyOf set: String) -> Unicode.Scalar? {
    guard index < scalars.count, set.unicodeScalars.contains(scalars[index]) else { return nil }
    index += 1
    return scalars[index - 1]
  }

  mutating func take(word: String) -> Bool {
    let word = Array(word.unicodeScalars)
    guard index + word.count <= scalars.count, Array(scalars[index..<index + word.count]) == word else { return false }
    index += word.count
    return true
  }

  /// `true` for PM, `false` for AM.
  mutating func meridiem() -> Bool? {
    guard index + 1 < scalars.count else { return nil }
    let first = Character(scalars[index]).lowercased()
    let second = Character(scalars[index + 1]).lowercased()
    guard second == "m", first == "a" || first == "p" else { return nil }
    index += 2
    return first == "p"
  }

  mutating func integer(maxDigits: Int) -> (value: Int, digits: Int)? {
    var value = 0
    var digits = 0
    while index < scalars.count, digits < maxDigits,
      let digit = scalars[index].properties.numericType == .decimal ? Int(String(scalars[index])) : nil
    {
      value = value * 10 + digit
      digits += 1
      index += 1
    }
    return digits > 0 ? (value, digits) : nil
  }
}
