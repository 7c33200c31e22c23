import Foundation

/// moment.js-compatible date formatting and parsing tokens (reference §4.8), English names.
enum DateTokens {
  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
  ]
  static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

  /// Tokens, longest first so `MMMM` wins over `MM`.
  static let tokens: [String] = [
    "SSSSSSSSS", "SSSSSSSS", "SSSSSSS", "SSSSSS", "SSSSS", "YYYYYY", "DDDDo", "MMMM", "YYYY", "DDDD", "dddd", "gggg",
    "GGGG", "SSSS", "LLLL", "llll", "DDDo", "MMM", "DDD", "ddd", "SSS", "LTS", "LLL", "lll",
    "Qo", "Mo", "MM", "Do", "DD", "do", "dd", "wo", "ww", "Wo", "WW", "gg", "GG", "HH", "hh", "kk", "mm", "ss", "SS",
    "ZZ", "YY", "LT", "LL", "ll",
    "Y", "Q", "M", "D", "d", "E", "e", "w", "W", "H", "h", "k", "A", "a", "m", "s", "S", "Z", "X", "x", "L", "l",
  ]

  /// moment.js's localized formats, in its English (`en`) locale, as Make renders them.
  static let localized: [String: String] = [
    "LT": "h:mm A", "LTS": "h:mm:ss A", "L": "MM/DD/YYYY", "l": "M/D/YYYY", "LL": "MMMM D, YYYY",
    "ll": "MMM D, YYYY", "LLL": "MMMM D, YYYY h:mm A", "lll": "MMM D, YYYY h:mm A",
    "LLLL": "dddd, MMMM D, YYYY h:mm A", "llll": "ddd, MMM D, YYYY h:mm A",
  ]

  enum Piece: Equatable {
    case token(String)
    case literal(String)
  }

  /// A piece of a format with where it starts (in characters); `isEscaped` for text in `[…]`.
  struct PlacedPiece {
    var piece: Piece
    var offset: Int
    var isEscaped: Bool
  }

  /// The format's tokens and literal text, a localized format (`LLLL`) spelled out in its tokens.
  static func pieces(_ format: String) -> [Piece] {
    var result: [Piece] = []
    for placed in placedPieces(format) {
      switch placed.piece {
      case .token(let token):
        if let expansion = localized[token] {
          result += pieces(expansion)
        } else {
          result.append(.token(token))
        }
      case .literal(let text):
        if case .literal(let before)? = result.last {
          result[result.count - 1] = .literal(before + text)
        } else {
          result.append(.literal(text))
        }
      }
    }
    return result
  }

  static func placedPieces(_ format: String) -> [PlacedPiece] {
    let characters = Array(format)
    var result: [PlacedPiece] = []
    var index = 0
    var literal = ""
    var literalStart = 0
    func flush() {
      if !literal.isEmpty {
        result.append(PlacedPiece(piece: .literal(literal), offset: literalStart, isEscaped: false))
        literal = ""
      }
    }
    outer: while index < characters.count {
      if characters[index] == "[" {
        if let close = characters[index...].firstIndex(of: "]") {
          flush()
          result.append(
            PlacedPiece(
              piece: .literal(String(characters[(index + 1)..<close])), offset: index + 1, isEscaped: true))
          index = close + 1
          continue
        }
      }
      for token in tokens {
        let length = token.count
        if index + length <= characters.count, String(characters[index..<index + length]) == token {
          flush()
          result.append(PlacedPiece(piece: .token(token), offset: index, isEscaped: false))
          index += length
          continue outer
        }
      }
      if literal.isEmpty { literalStart = index }
      literal.append(characters[index])
      index += 1
    }
    flush()
    return result
  }

  /// A word of a format holding letters that are no token, which moment.js prints as they are
  /// (`t` of `at` in `D MMMM at HH:mm`, `yyyy`, `z`): the word, where it starts, and the letters.
  struct StrayWord: Sendable, Hashable {
    var word: String
    var offset: Int
    var letters: String
  }

  /// The words of `format` with letters that are not tokens, outside `[…]`. `T` between a date and
  /// a time (`YYYY-MM-DDTHH:mm`) is left alone: moment.js's own ISO format writes it so.
  static func strayWords(in format: String) -> [StrayWord] {
    let characters = Array(format)
    var stray = Set<Int>()
    var escaped = Set<Int>()
    for placed in placedPieces(format) {
      guard case .literal(let text) = placed.piece else { continue }
      for (index, character) in text.enumerated() {
        let offset = placed.offset + index
        if placed.isEscaped {
          escaped.insert(offset)
        } else if character.isASCII, character.isLetter, character != "T" {
          stray.insert(offset)
        }
      }
    }
    var words: [StrayWord] = []
    var index = 0
    while index < characters.count {
      guard characters[index].isLetter, !escaped.contains(index) else {
        index += 1
        continue
      }
      let start = index
      while index < characters.count, characters[index].isLetter, !escaped.contains(index) { index += 1 }
      let letters = (start..<index).filter(stray.contains).map { String(characters[$0]) }
      if !letters.isEmpty {
        words.append(
          StrayWord(
            word: String(characters[start..<index]), offset: start,
            letters: letters.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined()))
      }
    }
    return words
  }

  static func ordinal(_ number: Int) -> String {
    let lastTwo = abs(number) % 100
    let last = abs(number) % 10
    let suffix = (11...13).contains(lastTwo) ? "th" : (last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th")
    return "\(number)\(suffix)"
  }

  // MARK: Weeks (moment's weekOfYear with first day of week `dow` and `doy`)

  static func firstWeekOffset(year: Int, dow: Int, doy: Int) -> Int {
    let fwd = 7 + dow - doy
    let weekday = CivilDate(year: year, month: 1, day: fwd).weekday
    let fwdlw = (7 + weekday - dow) % 7
    return -fwdlw + fwd - 1
  }

  static func weeksInYear(_ year: Int, dow: Int, doy: Int) -> Int {
    let days = CivilDate.isLeapYear(year) ? 366 : 365
    return
      (days - firstWeekOffset(year: year, dow: dow, doy: doy) + firstWeekOffset(year: year + 1, dow: dow, doy: doy)) / 7
  }

  static func week(of civil: CivilDate, dow: Int, doy: Int) -> (week: Int, year: Int) {
    let offset = firstWeekOffset(year: civil.year, dow: dow, doy: doy)
    let week = Int((Double(civil.dayOfYear - offset - 1) / 7).rounded(.down)) + 1
    if week < 1 {
      return (week + weeksInYear(civil.year - 1, dow: dow, doy: doy), civil.year - 1)
    }
    let total = weeksInYear(civil.year, dow: dow, doy: doy)
    if week > total { return (week - total, civil.year + 1) }
    return (week, civil.year)
  }

  // MARK: Formatting

  static func format(_ date: Date, _ format: String, timeZone: TimeZone) -> String {
    let offsetSeconds = timeZone.secondsFromGMT(for: date)
    let civil = CivilDate(date, in: timeZone)
    var output = ""
    for piece in pieces(format) {
      switch piece {
      case .literal(let text): output += text
      case .token(let token): output += render(token, civil, date: date, offsetSeconds: offsetSeconds)
      }
    }
    return output
  }

  private static func pad(_ number: Int, _ width: Int) -> String {
    let digits = String(abs(number)).leftPadded(to: width)
    return number < 0 ? "-" + digits : digits
  }

  private static func render(_ token: String, _ c: CivilDate, date: Date, offsetSeconds: Int) -> String {
    let hour12 = c.hour % 12 == 0 ? 12 : c.hour % 12
    switch token {
    case "YYYYYY": return (c.year < 0 ? "-" : "+") + String(abs(c.year)).leftPadded(to: 6)
    case "YYYY":
      return c.year <= 9999 && c.year >= 0
        ? pad(c.year, 4) : (c.year < 0 ? "-" : "+") + String(abs(c.year)).leftPadded(to: 6)
    case "YY": return pad(((c.year % 100) + 100) % 100, 2)
    case "Y": return c.year > 9999 ? "+\(c.year)" : "\(c.year)"
    case "Q": return "\((c.month - 1) / 3 + 1)"
    case "Qo": return ordinal((c.month - 1) / 3 + 1)
    case "M": return "\(c.month)"
    case "Mo": return ordinal(c.month)
    case "MM": return pad(c.month, 2)
    case "MMM": return String(monthNames[c.month - 1].prefix(3))
    case "MMMM": return monthNames[c.month - 1]
    case "D": return "\(c.day)"
    case "Do": return ordinal(c.day)
    case "DD": return pad(c.day, 2)
    case "DDD": return "\(c.dayOfYear)"
    case "DDDo": return ordinal(c.dayOfYear)
    case "DDDD", "DDDDo": return pad(c.dayOfYear, 3)
    case "d", "e": return "\(c.weekday)"
    case "do": return ordinal(c.weekday)
    case "dd": return String(dayNames[c.weekday].prefix(2))
    case "ddd": return String(dayNames[c.weekday].prefix(3))
    case "dddd": return dayNames[c.weekday]
    case "E": return "\(c.weekday == 0 ? 7 : c.weekday)"
    case "w": return "\(week(of: c, dow: 0, doy: 6).week)"
    case "wo": return ordinal(week(of: c, dow: 0, doy: 6).week)
    case "ww": return pad(week(of: c, dow: 0, doy: 6).week, 2)
    case "W": return "\(week(of: c, dow: 1, doy: 4).week)"
    case "Wo": return ordinal(week(of: c, dow: 1, doy: 4).week)
    case "WW": return pad(week(of: c, dow: 1, doy: 4).week, 2)
    case "gg": return pad(week(of: c, dow: 0, doy: 6).year % 100, 2)
    case "gggg": return pad(week(of: c, dow: 0, doy: 6).year, 4)
    case "GG": return pad(week(of: c, dow: 1, doy: 4).year % 100, 2)
    case "GGGG": return pad(week(of: c, dow: 1, doy: 4).year, 4)
    case "H": return "\(c.hour)"
    case "HH": return pad(c.hour, 2)
    case "h": return "\(hour12)"
    case "hh": return pad(hour12, 2)
    case "k": return "\(c.hour == 0 ? 24 : c.hour)"
    case "kk": return pad(c.hour == 0 ? 24 : c.hour, 2)
    case "A": return c.hour < 12 ? "AM" : "PM"
    case "a": return c.hour < 12 ? "am" : "pm"
    case "m": return "\(c.minute)"
    case "mm": return pad(c.minute, 2)
    case "s": return "\(c.second)"
    case "ss": return pad(c.second, 2)
    case "Z", "ZZ":
      let sign = offsetSeconds < 0 ? "-" : "+"
      let total = abs(offsetSeconds) / 60
      return sign + pad(total / 60, 2) + (token == "Z" ? ":" : "") + pad(total % 60, 2)
    case "X": return "\(floorDiv(CivilDate.milliseconds(of: date), 1000))"
    case "x": return "\(CivilDate.milliseconds(of: date))"
    default:
      if token.allSatisfy({ $0 == "S" }) {
        let digits = pad(c.millisecond, 3) + String(repeating: "0", count: 6)
        return String(digits.prefix(token.count))
      }
      return token
    }
  }
}
