import Basics
import Foundation

/// The date and time functions (reference §4.4). Calendar arithmetic happens in the scenario time
/// zone (`EvaluationContext.timeZone`); results are dates.
enum DateFunctions {
  static let specs: [FunctionSpec] = [
    FunctionSpec(
      "dateDifference", groups: [.date],
      parameters: [.required("date1", .date), .required("date2", .date), .optional("unit", .text)],
      result: .number,
      summary:
        "date1 minus date2 in milliseconds (default), seconds, minutes, hours, days, weeks or months (calendar months in the scenario time zone), truncated to a whole number.",
      examples: [
        .init("{{dateDifference(2021-05-11T18:10:00.000Z; 2021-05-11T18:00:00.000Z)}}", "600000"),
        .init("{{dateDifference(2021-05-11T18:10:00.000Z; 2021-05-11T18:00:00.000Z; minutes)}}", "10"),
        .init("{{dateDifference(2021-05-01T00:00:00.000Z; 2021-05-11T18:00:00.000Z; days)}}", "-10"),
        .init("{{dateDifference(2021-05-11T00:00:00.000Z; 2021-02-28T00:00:00.000Z; months)}}", "2"),
      ],
      implementation: .eager { arguments, context throws(EvaluationError) in
        guard let first = try arguments.date(0, context), let second = try arguments.date(1, context) else {
          return .null
        }
        let unit = arguments.isGiven(2) ? try arguments.text(2).lowercased() : "milliseconds"
        let milliseconds = (first.timeIntervalSince1970 - second.timeIntervalSince1970) * 1000
        let divisors: [String: Double] = [
          "milliseconds": 1, "seconds": 1000, "minutes": 60_000, "hours": 3_600_000, "days": 86_400_000,
          "weeks": 604_800_000,
        ]
        if let divisor = divisors[unit] {
          return .number(Double(Arguments.clampedInt(milliseconds / divisor)))
        }
        guard unit == "months" else {
          throw .invalidValue(
            "unknown 'dateDifference' unit '\(unit)'",
            fixHint: "Use milliseconds, seconds, minutes, hours, days, weeks or months.")
        }
        return .number(Double(wholeMonths(from: second, to: first, in: context.timeZone)))
      }),
    addTime(
      "addSeconds", unit: 1000, "Adds seconds (negative subtracts; fractions allowed).",
      [
        ("addSeconds(2016-12-08T15:55:57.536Z; 2)", "2016-12-08T15:55:59.536Z"),
        ("addSeconds(2016-12-08T15:55:57.536Z; -2)", "2016-12-08T15:55:55.536Z"),
      ]),
    addTime(
      "addMinutes", unit: 60_000, "Adds minutes (negative subtracts; fractions allowed).",
      [
        ("addMinutes(2016-12-08T15:55:57.536Z; 2)", "2016-12-08T15:57:57.536Z"),
        ("addMinutes(2016-12-08T15:55:57.536Z; -2)", "2016-12-08T15:53:57.536Z"),
      ]),
    addTime(
      "addHours", unit: 3_600_000, "Adds hours (negative subtracts; fractions allowed).",
      [
        ("addHours(2016-12-08T15:55:57.536Z; 2)", "2016-12-08T17:55:57.536Z"),
        ("addHours(2016-12-08T15:55:57.536Z; -2)", "2016-12-08T13:55:57.536Z"),
      ]),
    addCalendar(
      "addDays", "Adds calendar days in the scenario time zone (the amount is rounded to a whole number).",
      [
        ("addDays(2016-12-08T15:55:57.536Z; 2)", "2016-12-10T15:55:57.536Z"),
        ("addDays(2016-12-08T15:55:57.536Z; -2)", "2016-12-06T15:55:57.536Z"),
        ("addDays(2016-02-28T00:00:00.000Z; 1)", "2016-02-29T00:00:00.000Z"),
      ]
    ) { civil, amount in civil.day += amount },
    addCalendar(
      "addMonths", "Adds months; the day is clamped to the length of the month (Jan 31 + 1 → Feb 28/29).",
      [
        ("addMonths(2016-08-08T15:55:57.536Z; 2)", "2016-10-08T15:55:57.536Z"),
        ("addMonths(2016-08-08T15:55:57.536Z; -2)", "2016-06-08T15:55:57.536Z"),
        ("addMonths(2016-01-31T10:00:00.000Z; 1)", "2016-02-29T10:00:00.000Z"),
      ]
    ) { civil, amount in addMonths(&civil, amount) },
    addCalendar(
      "addYears", "Adds years; 29 February becomes 28 February in years without it.",
      [
        ("addYears(2016-08-08T15:55:57.536Z; 2)", "2018-08-08T15:55:57.536Z"),
        ("addYears(2016-02-29T00:00:00.000Z; 1)", "2017-02-28T00:00:00.000Z"),
      ]
    ) { civil, amount in addMonths(&civil, amount &* 12) },
    setter(
      "setSecond", "Sets the seconds (0–59); other values roll into the previous or next minutes.",
      [
        ("setSecond(2015-10-07T11:36:39.138Z; 10)", "2015-10-07T11:36:10.138Z"),
        ("setSecond(2015-10-07T11:36:39.138Z; 61)", "2015-10-07T11:37:01.138Z"),
      ]
    ) { civil, value in civil.second = value },
    setter(
      "setMinute", "Sets the minutes (0–59); other values roll over.",
      [
        ("setMinute(2015-10-07T11:36:39.138Z; 10)", "2015-10-07T11:10:39.138Z"),
        ("setMinute(2015-10-07T11:36:39.138Z; 61)", "2015-10-07T12:01:39.138Z"),
      ]
    ) { civil, value in civil.minute = value },
    setter(
      "setHour", "Sets the hour (0–23); other values roll into other days.",
      [
        ("setHour(2015-08-07T11:36:39.138Z; 6)", "2015-08-07T06:36:39.138Z"),
        ("setHour(2015-08-07T11:36:39.138Z; -6)", "2015-08-06T18:36:39.138Z"),
      ]
    ) { civil, value in civil.hour = value },
    FunctionSpec(
      "setDay", groups: [.date],
      parameters: [.required("date", .date), .required("day", .any)],
      result: .date,
      summary:
        "Moves to a day of the same Sunday–Saturday week: 1 = Sunday … 7 = Saturday, or an English day name; other numbers reach other weeks.",
      examples: [
        .init("{{setDay(2018-06-27T11:36:39.138Z; Monday)}}", "2018-06-25T11:36:39.138Z"),
        .init("{{setDay(2018-06-27T11:36:39.138Z; 1)}}", "2018-06-24T11:36:39.138Z"),
        .init("{{setDay(2018-06-27T11:36:39.138Z; 7)}}", "2018-06-30T11:36:39.138Z"),
        .init("{{setDay(2018-06-27T11:36:39.138Z; 8)}}", "2018-07-01T11:36:39.138Z"),
      ],
      implementation: .eager { arguments, context throws(EvaluationError) in
        guard let date = try arguments.date(0, context) else { return .null }
        let target: Int
        if let number = NumberText.parse(arguments[1].rendered) {
          target = Arguments.clampedInt(number) - 1
        } else if let index = dayIndex(try arguments.text(1)) {
          target = index
        } else {
          throw .invalidArgument(
            function: "setDay", parameter: "day", expected: "a number or an English day name", got: arguments[1])
        }
        var civil = CivilDate(date, in: context.timeZone)
        civil.day += max(-100_000, min(100_000, target)) - civil.weekday
        return .date(civil.date(in: context.timeZone))
      }),
    setter(
      "setDate", "Sets the day of the month (1–31); other values roll into other months.",
      [
        ("setDate(2015-08-07T11:36:39.138Z; 5)", "2015-08-05T11:36:39.138Z"),
        ("setDate(2015-08-07T11:36:39.138Z; 32)", "2015-09-01T11:36:39.138Z"),
      ]
    ) { civil, value in civil.day = value },
    FunctionSpec(
      "setMonth", groups: [.date],
      parameters: [.required("date", .date), .required("month", .any)],
      result: .date,
      summary:
        "Sets the month: 1–12 or an English month name; other numbers roll into other years; the day is clamped to the month.",
      examples: [
        .init("{{setMonth(2015-08-07T11:36:39.138Z; 5)}}", "2015-05-07T11:36:39.138Z"),
        .init("{{setMonth(2015-08-07T11:36:39.138Z; 17)}}", "2016-05-07T11:36:39.138Z"),
        .init("{{setMonth(2015-08-07T11:36:39.138Z; january)}}", "2015-01-07T11:36:39.138Z"),
        .init("{{setMonth(2015-08-31T11:36:39.138Z; 2)}}", "2015-02-28T11:36:39.138Z"),
      ],
      implementation: .eager { arguments, context throws(EvaluationError) in
        guard let date = try arguments.date(0, context) else { return .null }
        let month: Int
        if let number = NumberText.parse(arguments[1].rendered) {
          month = max(-1_000_000, min(1_000_000, Arguments.clampedInt(number)))
        } else if let index = monthIndex(try arguments.text(1)) {
          month = index + 1
        } else {
          throw .invalidArgument(
            function: "setMonth", parameter: "month", expected: "a number or an English month name", got: arguments[1])
        }
        var civil = CivilDate(date, in: context.timeZone)
        addMonths(&civil, month - civil.month)
        return .date(civil.date(in: context.timeZone))
      }),
    setter(
      "setYear", "Sets the year (29 February becomes 28 February in years without it).",
      [
        ("setYear(2015-08-07T11:36:39.138Z; 2017)", "2017-08-07T11:36:39.138Z"),
        ("setYear(2016-02-29T11:36:39.138Z; 2015)", "2015-02-28T11:36:39.138Z"),
      ]
    ) { civil, value in addMonths(&civil, (value &- civil.year) &* 12) },
    FunctionSpec(
      "formatDate", groups: [.date],
      parameters: [.required("date", .date), .required("format", .text), .optional("timezone", .text)],
      result: .text,
      summary:
        "The date as text with moment.js formatting tokens, in the given IANA time zone (default or unknown: the scenario time zone).",
      examples: [
        .init("{{formatDate(2018-10-01T07:32:00Z; DD.MM.YYYY HH:mm; UTC)}}", "01.10.2018 07:32"),
        .init("{{formatDate(2018-10-01T07:32:00Z; YYYY-MM-DD hh:mm A; Europe/Prague)}}", "2018-10-01 09:32 AM"),
        .init("{{formatDate(2018-10-01T07:32:00Z; MM/DD/YYYY)}}", "10/01/2018"),
        .init(
          "{{formatDate(2016-02-29T23:00:00Z; dddd Do MMMM YYYY [week] W; Asia/Tokyo)}}",
          "Tuesday 1st March 2016 week 9"),
        .init("{{formatDate(2021-01-03T12:00:00Z; GGGG-[W]WW-E X)}}", "2020-W53-7 1609675200"),
      ],
      implementation: .eager { arguments, context throws(EvaluationError) in
        guard let date = try arguments.date(0, context) else { return .null }
        let format = try arguments.text(1)
        let zone = try timeZone(arguments, 2, context)
        return .text(DateTokens.format(date, format, timeZone: zone))
      }),
    FunctionSpec(
      "parseDate", groups: [.date],
      parameters: [.required("text", .text), .required("format", .text), .optional("timezone", .text)],
      result: .date,
      summary:
        "Reads a date written in the given moment.js format; text without an offset is read in the time zone (default: the scenario's). Text that does not match is an error.",
      examples: [
        .init("{{parseDate(2016-12-28; YYYY-MM-DD)}}", "2016-12-28T00:00:00.000Z"),
        .init("{{parseDate(2016-12-28 16:03; YYYY-MM-DD HH:mm)}}", "2016-12-28T16:03:00.000Z"),
        .init("{{parseDate(1482940986; X)}}", "2016-12-28T16:03:06.000Z"),
        .init("{{parseDate(28.12.2016 5:03 pm; D.M.YYYY h:mm a; Europe/Prague)}}", "2016-12-28T16:03:00.000Z"),
        .init("{{parseDate(2016-12-28T16:03:00+02:00; YYYY-MM-DDTHH:mm:ssZ)}}", "2016-12-28T14:03:00.000Z"),
      ],
      implementation: .eager { arguments, context throws(EvaluationError) in
        switch arguments[0] {
        case .null: return .null
        case .date: return arguments[0]
        default: break
        }
        let text = try arguments.text(0)
        let format = try arguments.text(1)
        let zone = try timeZone(arguments, 2, context)
        guard let date = DateParser.parse(text, format: format, timeZone: zone, now: context.now) else {
          throw .invalidValue(
            "'parseDate' cannot read '\(Value.text(text).preview)' with the format '\(format)'",
            fixHint: "Check that the format's tokens match the text (YYYY-MM-DD HH:mm, X for Unix seconds).")
        }
        return .date(date)
      }),
  ]

  static func dayIndex(_ name: String) -> Int? {
    let lowered = name.trimmingCharacters(in: .whitespaces).lowercased()
    guard lowered.count >= 2 else { return nil }
    return DateTokens.dayNames.firstIndex { $0.lowercased() == lowered || $0.lowercased().prefix(3) == lowered }
  }

  static func monthIndex(_ name: String) -> Int? {
    let lowered = name.trimmingCharacters(in: .whitespaces).lowercased()
    guard lowered.count >= 3 else { return nil }
    return DateTokens.monthNames.firstIndex { $0.lowercased() == lowered || $0.lowercased().prefix(3) == lowered }
  }

  /// The time zone argument; missing or unknown names fall back to the scenario's.
  static func timeZone(
    _ arguments: Arguments, _ index: Int, _ context: EvaluationContext
  ) throws(EvaluationError) -> TimeZone {
    guard arguments.isGiven(index) else { return context.timeZone }
    let name = try arguments.text(index).trimmingCharacters(in: .whitespaces)
    return TimeZone(identifier: name) ?? context.timeZone
  }

  /// The whole calendar months from `start` to `end` (negative when `end` is earlier), counted as
  /// addMonths counts them: the largest n for which addMonths(start; n) does not pass `end`, so
  /// 31 January to 28 February is one month.
  static func wholeMonths(from start: Date, to end: Date, in timeZone: TimeZone) -> Int {
    let from = CivilDate(start, in: timeZone)
    let to = CivilDate(end, in: timeZone)
    var months = (to.year - from.year) * 12 + (to.month - from.month)
    func shifted(_ amount: Int) -> Date {
      var civil = from
      addMonths(&civil, amount)
      return civil.date(in: timeZone)
    }
    if end >= start {
      while months > 0, shifted(months) > end { months -= 1 }
    } else {
      while months < 0, shifted(months) < end { months += 1 }
    }
    return months
  }

  /// Adds months keeping the day inside the target month (moment.js).
  static func addMonths(_ civil: inout CivilDate, _ amount: Int) {
    let total = Int64(civil.year) &* 12 &+ Int64(civil.month - 1) &+ Int64(max(-3_000_000, min(3_000_000, amount)))
    civil.year = Int(floorDiv(total, 12))
    civil.month = Int(floorMod(total, 12)) + 1
    civil.day = min(civil.day, CivilDate.daysInMonth(year: civil.year, month: civil.month))
  }

  private static func addTime(
    _ name: String, unit: Double, _ summary: String, _ examples: [(String, String)]
  ) -> FunctionSpec {
    FunctionSpec(
      name, groups: [.date], parameters: [.required("date", .date), .required("number", .number)], result: .date,
      summary: summary, examples: examples.map { .init("{{\($0.0)}}", $0.1) },
      implementation: .eager { arguments, context throws(EvaluationError) in
        guard let date = try arguments.date(0, context) else { return .null }
        let amount = try arguments.number(1) ?? 0
        let result = date.addingTimeInterval(amount * unit / 1000)
        guard result.timeIntervalSince1970.isFinite, abs(result.timeIntervalSince1970) < 8.64e12 else {
          throw .invalidValue("'\(name)' moves the date out of range")
        }
        return .date(result)
      })
  }

  private static func addCalendar(
    _ name: String, _ summary: String, _ examples: [(String, String)],
    _ change: @escaping @Sendable (inout CivilDate, Int) -> Void
  ) -> FunctionSpec {
    FunctionSpec(
      name, groups: [.date], parameters: [.required("date", .date), .required("number", .number)], result: .date,
      summary: summary, examples: examples.map { .init("{{\($0.0)}}", $0.1) },
      implementation: .eager { arguments, context throws(EvaluationError) in
        guard let date = try arguments.date(0, context) else { return .null }
        let amount = (try arguments.number(1) ?? 0).rounded(.toNearestOrAwayFromZero)
        var civil = CivilDate(date, in: context.timeZone)
        change(&civil, max(-3_000_000, min(3_000_000, Arguments.clampedInt(amount))))
        return .date(civil.date(in: context.timeZone))
      })
  }

  private static func setter(
    _ name: String, _ summary: String, _ examples: [(String, String)],
    _ change: @escaping @Sendable (inout CivilDate, Int) -> Void
  ) -> FunctionSpec {
    FunctionSpec(
      name, groups: [.date], parameters: [.required("date", .date), .required("number", .number)], result: .date,
      summary: summary, examples: examples.map { .init("{{\($0.0)}}", $0.1) },
      implementation: .eager { arguments, context throws(EvaluationError) in
        guard let date = try arguments.date(0, context) else { return .null }
        guard let value = try arguments.integer(1) else { return .date(date) }
        var civil = CivilDate(date, in: context.timeZone)
        change(&civil, max(-100_000_000, min(100_000_000, value)))
        return .date(civil.date(in: context.timeZone))
      })
  }
}
