import Foundation

/// `parseDate`: reads text with moment.js parsing tokens (reference §4.8), leniently like
/// moment's non-strict mode: literal characters of the format are skipped when the text does
/// not have them, and text after the last token is ignored.
enum DateParser {
  static func parse(_ text: String, format: String, timeZone: TimeZone, now: Date) -> Date? {
    let input = Array(text)
    var index = 0
    var year: Int?
    var month: Int?
    var day: Int?
    var dayOfYear: Int?
    var hour = 0
    var minute = 0
    var second = 0
    var millisecond = 0
    var pm: Bool?
    var offsetSeconds: Int?
    var epochMilliseconds: Int64?
    var isoWeekYear: Int?
    var isoWeek: Int?
    var isoWeekday: Int?
    var parsedAnything = false

    func skipSpaces() { while index < input.count, input[index] == " " { index += 1 } }

    func digits(_ minimum: Int, _ maximum: Int) -> Int? {
      var value = 0
      var count = 0
      while index < input.count, count < maximum, let digit = input[index].wholeNumberValue, input[index].isASCII {
        value = value * 10 + digit
        count += 1
        index += 1
      }
      return count >= minimum ? value : nil
    }

    func signedDecimal(allowFraction: Bool) -> Double? {
      let start = index
      if index < input.count, input[index] == "-" || input[index] == "+" { index += 1 }
      while index < input.count, input[index].isASCII, input[index].isNumber { index += 1 }
      if allowFraction, index < input.count, input[index] == "." {
        index += 1
        while index < input.count, input[index].isASCII, input[index].isNumber { index += 1 }
      }
      return Double(String(input[start..<index]))
    }

    func name(_ names: [String]) -> Int? {
      // Longest matching full name or three-letter abbreviation, case-insensitive.
      for (position, full) in names.enumerated() {
        for candidate in [full, String(full.prefix(3))] {
          let length = candidate.count
          if index + length <= input.count, String(input[index..<index + length]).lowercased() == candidate.lowercased()
          {
            index += length
            return position
          }
        }
      }
      return nil
    }

    func twoDigitYear(_ value: Int) -> Int { value + (value > 68 ? 1900 : 2000) }

    for piece in DateTokens.pieces(format) {
      switch piece {
      case .literal(let literal):
        for character in literal {
          if index < input.count, input[index] == character { index += 1 } else if character == " " { skipSpaces() }
        }
        continue
      case .token(let token):
        if token != "A" && token != "a" && token != "Z" && token != "ZZ" { skipSpaces() }
        switch token {
        case "YYYY", "YYYYYY":
          let start = index
          guard let value = digits(1, token == "YYYY" ? 4 : 6) else { return nil }
          year = index - start == 2 ? twoDigitYear(value) : value
        case "YY":
          guard let value = digits(2, 2) else { return nil }
          year = twoDigitYear(value)
        case "Y":
          guard let value = signedDecimal(allowFraction: false), value.isFinite, abs(value) < 300_000 else {
            return nil
          }
          year = Int(value)
        case "Q", "Qo":
          guard let value = digits(1, 1), (1...4).contains(value) else { return nil }
          if token == "Qo" { skipOrdinalSuffix(input, &index) }
          month = (value - 1) * 3 + 1
        case "M", "MM", "Mo":
          guard let value = digits(1, 2) else { return nil }
          if token == "Mo" { skipOrdinalSuffix(input, &index) }
          month = value
        case "MMM", "MMMM":
          guard let value = name(DateTokens.monthNames) else { return nil }
          month = value + 1
        case "D", "DD", "Do":
          guard let value = digits(1, 2) else { return nil }
          if token == "Do" { skipOrdinalSuffix(input, &index) }
          day = value
        case "DDD", "DDDD", "DDDo", "DDDDo":
          guard let value = digits(1, 3) else { return nil }
          if token.hasSuffix("o") { skipOrdinalSuffix(input, &index) }
          dayOfYear = value
        case "X":
          guard let value = signedDecimal(allowFraction: true), value.isFinite, abs(value) < 8.64e12 else { return nil }
          epochMilliseconds = Int64((value * 1000).rounded())
        case "x":
          guard let value = signedDecimal(allowFraction: false), value.isFinite, abs(value) < 8.64e15 else {
            return nil
          }
          epochMilliseconds = Int64(value)
        case "ddd", "dddd", "dd":
          guard
            name(DateTokens.dayNames) != nil
              || { () -> Bool in
                // Two-letter day names (Su, Mo, …).
                for day in DateTokens.dayNames
                where index + 2 <= input.count
                  && String(input[index..<index + 2]).lowercased() == day.prefix(2).lowercased()
                {
                  index += 2
                  return true
                }
                return false
              }()
          else { return nil }
        case "d", "e", "do":
          guard digits(1, 1) != nil else { return nil }
          if token == "do" { skipOrdinalSuffix(input, &index) }
        case "E":
          guard let value = digits(1, 1), (1...7).contains(value) else { return nil }
          isoWeekday = value
        case "GGGG", "gggg":
          guard let value = digits(2, 4) else { return nil }
          isoWeekYear = value < 100 ? twoDigitYear(value) : value
        case "GG", "gg":
          guard let value = digits(2, 2) else { return nil }
          isoWeekYear = twoDigitYear(value)
        case "W", "WW", "w", "ww", "Wo", "wo":
          guard let value = digits(1, 2), (1...53).contains(value) else { return nil }
          if token.hasSuffix("o") { skipOrdinalSuffix(input, &index) }
          isoWeek = value
        case "H", "HH", "k", "kk":
          guard let value = digits(1, 2) else { return nil }
          hour = token.hasPrefix("k") && value == 24 ? 0 : value
        case "h", "hh":
          guard let value = digits(1, 2) else { return nil }
          hour = value
        case "a", "A":
          skipSpaces()
          guard index < input.count else { return nil }
          let first = input[index].lowercased()
          guard first == "a" || first == "p" else { return nil }
          pm = first == "p"
          index += 1
          if index < input.count, input[index].lowercased() == "m" { index += 1 }
        case "m", "mm":
          guard let value = digits(1, 2) else { return nil }
          minute = value
        case "s", "ss":
          guard let value = digits(1, 2) else { return nil }
          second = value
        case "Z", "ZZ":
          skipSpaces()
          guard index < input.count else { return nil }
          if input[index] == "Z" || input[index] == "z" {
            index += 1
            offsetSeconds = 0
          } else {
            guard input[index] == "+" || input[index] == "-" else { return nil }
            let negative = input[index] == "-"
            index += 1
            guard let hours = digits(2, 2) else { return nil }
            if index < input.count, input[index] == ":" { index += 1 }
            let minutes = digits(2, 2) ?? 0
            offsetSeconds = (negative ? -1 : 1) * (hours * 3600 + minutes * 60)
          }
        default:
          if token.allSatisfy({ $0 == "S" }) {
            let start = index
            guard let value = digits(1, 9) else { return nil }
            let count = index - start
            millisecond = Int((Double(value) / pow(10, Double(count)) * 1000).rounded(.down))
          } else {
            return nil
          }
        }
        parsedAnything = true
      }
    }
    guard parsedAnything else { return nil }
    if let epochMilliseconds { return Date(timeIntervalSince1970: Double(epochMilliseconds) / 1000) }

    if let pm {
      guard (1...12).contains(hour) else { return nil }
      hour = hour % 12 + (pm ? 12 : 0)
    }
    guard hour < 24 || (hour == 24 && minute == 0 && second == 0), minute < 60, second < 60 else { return nil }
    let currentYear = CivilDate(now, in: timeZone).year
    var civil: CivilDate
    if let isoWeek {
      // ISO week date: the Monday of week 1 is the Monday of the week holding 4 January.
      let weekYear = isoWeekYear ?? year ?? currentYear
      let january4 = CivilDate(year: weekYear, month: 1, day: 4)
      let mondayOffset = (january4.weekday + 6) % 7
      let dayNumber = 4 - mondayOffset + (isoWeek - 1) * 7 + ((isoWeekday ?? 1) - 1)
      civil = CivilDate(year: weekYear, month: 1, day: dayNumber)
    } else if let dayOfYear {
      guard dayOfYear >= 1, dayOfYear <= (CivilDate.isLeapYear(year ?? currentYear) ? 366 : 365) else { return nil }
      civil = CivilDate(year: year ?? currentYear, month: 1, day: dayOfYear)
    } else {
      let resolvedYear = year ?? currentYear
      let resolvedMonth = month ?? 1
      let resolvedDay = day ?? 1
      guard (1...12).contains(resolvedMonth),
        (1...CivilDate.daysInMonth(year: resolvedYear, month: resolvedMonth)).contains(resolvedDay)
      else { return nil }
      civil = CivilDate(year: resolvedYear, month: resolvedMonth, day: resolvedDay)
    }
    civil.hour = hour
    civil.minute = minute
    civil.second = second
    civil.millisecond = millisecond
    if let offsetSeconds {
      return Date(timeIntervalSince1970: Double(civil.millisecondsAsUTC - Int64(offsetSeconds) * 1000) / 1000)
    }
    return civil.date(in: timeZone)
  }

  private static func skipOrdinalSuffix(_ input: [Character], _ index: inout Int) {
    for suffix in ["st", "nd", "rd", "th"] {
      if index + 2 <= input.count, String(input[index..<index + 2]).lowercased() == suffix {
        index += 2
        return
      }
    }
  }
}
