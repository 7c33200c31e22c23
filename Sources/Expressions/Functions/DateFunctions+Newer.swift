import Foundation

/// The date functions of Make's newer expression engine (reference §4.4, from the Workfront Fusion
/// manual, which carries Make's help text): parts of a date, month boundaries, weekdays and working
/// time. Everything is read in the scenario time zone, like the other date functions.
extension DateFunctions {
  static let newerSpecs: [FunctionSpec] =
    [
      FunctionSpec(
        "addWeekDays", groups: [.date],
        parameters: [.required("date", .date), .required("number", .number)],
        result: .date,
        summary:
          "Moves by whole weekdays (Monday to Friday), skipping Saturdays and Sundays; fractions are rounded down; the time of day is kept.",
        examples: [
          .init("{{addWeekDays(2016-12-08T15:55:57.536Z; 2)}}", "2016-12-12T15:55:57.536Z"),
          .init("{{addWeekDays(2016-12-08T15:55:57.536Z; -2)}}", "2016-12-06T15:55:57.536Z"),
          .init("{{addWeekDays(2016-12-10T10:00:00.000Z; 1)}}", "2016-12-12T10:00:00.000Z"),
        ],
        implementation: .eager { arguments, context throws(EvaluationError) in
          guard let date = try arguments.date(0, context) else { return .null }
          let amount = Arguments.clampedInt((try arguments.number(1) ?? 0).rounded(.down))
          var civil = CivilDate(date, in: context.timeZone)
          civil.day += weekDayOffset(fromWeekday: civil.weekday, adding: max(-2_000_000, min(2_000_000, amount)))
          return .date(civil.date(in: context.timeZone))
        }),
      part("dayOfMonth", "The day of the month, 1–31.", [("dayOfMonth(2016-12-28T16:03:06.372Z)", "28")]) { $0.day },
      part(
        "dayOfWeek", "The day of the week, 1 (Sunday) to 7 (Saturday), as setDay counts.",
        [("dayOfWeek(2016-12-28T16:03:06.372Z)", "4"), ("dayOfWeek(2016-12-25T16:03:06.372Z)", "1")]
      ) { $0.weekday + 1 },
      part(
        "daysInMonth", "The number of days in the date's month.",
        [("daysInMonth(2016-01-01T00:00:00.000Z)", "31"), ("daysInMonth(2016-02-01T00:00:00.000Z)", "29")]
      ) { CivilDate.daysInMonth(year: $0.year, month: $0.month) },
      part(
        "daysInSplitWeek",
        "The weekdays (Monday to Friday) from the date to the end of its Sunday–Saturday week or of its month, whichever comes first, the date's own day included.",
        [("daysInSplitWeek(2016-12-28T16:03:06.372Z)", "3"), ("daysInSplitWeek(2016-01-25T16:03:06.372Z)", "5")]
      ) { civil in
        let lastDay = min(civil.day + (6 - civil.weekday), CivilDate.daysInMonth(year: civil.year, month: civil.month))
        return (civil.day...max(civil.day, lastDay)).filter { day in
          let weekday = (civil.weekday + day - civil.day) % 7
          return weekday != 0 && weekday != 6
        }.count
      },
      part(
        "daysInYear", "365, or 366 in a leap year.",
        [("daysInYear(2016-06-01T00:00:00.000Z)", "366"), ("daysInYear(2015-06-01T00:00:00.000Z)", "365")]
      ) { CivilDate.isLeapYear($0.year) ? 366 : 365 },
      extreme(
        "dateMax", "The latest of the dates (one array or the arguments); empty values are left out.",
        [
          ("dateMax(2016-06-01T00:00:00.000Z; 2016-12-01T00:00:00.000Z)", "2016-12-01T00:00:00.000Z"),
          (
            "dateMax(2015-01-01T00:00:00.000Z; 2016-06-15T00:00:00.000Z; 2014-03-20T00:00:00.000Z)",
            "2016-06-15T00:00:00.000Z"
          ),
        ], latest: true),
      extreme(
        "dateMin", "The earliest of the dates (one array or the arguments); empty values are left out.",
        [
          ("dateMin(2016-06-01T00:00:00.000Z; 2016-12-01T00:00:00.000Z)", "2016-06-01T00:00:00.000Z"),
          ("dateMin(2016-06-15; 1.when)", "2016-06-15T00:00:00.000Z"),
        ], latest: false),
      boundary(
        "startOfMonth", "Midnight (00:00:00.000) on the first day of the date's month.",
        [
          ("startOfMonth(2016-06-15T12:30:00.000Z)", "2016-06-01T00:00:00.000Z"),
          ("startOfMonth(2024-02-14T08:00:00.000Z)", "2024-02-01T00:00:00.000Z"),
        ]
      ) { civil in CivilDate(year: civil.year, month: civil.month, day: 1) },
      boundary(
        "endOfMonth", "The last millisecond (23:59:59.999) of the last day of the date's month.",
        [
          ("endOfMonth(2016-06-15T12:30:00.000Z)", "2016-06-30T23:59:59.999Z"),
          ("endOfMonth(2016-02-01T00:00:00.000Z)", "2016-02-29T23:59:59.999Z"),
        ]
      ) { civil in
        CivilDate(
          year: civil.year, month: civil.month, day: CivilDate.daysInMonth(year: civil.year, month: civil.month),
          hour: 23, minute: 59, second: 59, millisecond: 999)
      },
      part(
        "hour", "The hour, 0–23.", [("hour(2016-12-08T15:55:57.536Z)", "15"), ("hour(2016-12-08T00:00:00.000Z)", "0")]
      ) {
        $0.hour
      },
      wallClock(
        "isWeekend", .boolean, "true on Saturdays and Sundays, false on other days.",
        [
          ("isWeekend(2016-12-10T00:00:00.000Z)", "true"), ("isWeekend(2016-12-11T00:00:00.000Z)", "true"),
          ("isWeekend(2016-12-12T00:00:00.000Z)", "false"),
        ]
      ) { civil, _ in .boolean(civil.weekday == 0 || civil.weekday == 6) },
      part("minute", "The minute, 0–59.", [("minute(2016-12-08T15:55:57.536Z)", "55")]) { $0.minute },
      part("month", "The month, 1–12.", [("month(2016-12-08T15:55:57.536Z)", "12"), ("month(1.when)", "12")]) {
        $0.month
      },
      part("second", "The second, 0–59.", [("second(2016-12-08T15:55:57.536Z)", "57")]) { $0.second },
      FunctionSpec(
        "weekDayDiff", groups: [.date],
        parameters: [.required("date2", .date), .required("date1", .date)],
        result: .number,
        summary:
          "The weekdays from date1 to date2 (date2 first, as in the reference), counting the part of a day the times cover: Monday 00:00 to Wednesday 12:00 is 2.5; negative when date2 is earlier.",
        examples: [
          .init("{{weekDayDiff(2016-12-07T12:00:00.000Z; 2016-12-05T00:00:00.000Z)}}", "2.5"),
          .init("{{weekDayDiff(2016-12-09T15:00:00.000Z; 2016-12-05T15:00:00.000Z)}}", "4"),
          .init("{{weekDayDiff(2016-12-12T00:00:00.000Z; 2016-12-09T00:00:00.000Z)}}", "1"),
        ],
        implementation: .eager { arguments, context throws(EvaluationError) in
          guard let later = try arguments.date(0, context), let earlier = try arguments.date(1, context) else {
            return .null
          }
          let milliseconds =
            weekdayMilliseconds(until: later, in: context.timeZone)
            - weekdayMilliseconds(until: earlier, in: context.timeZone)
          return .number(Double(milliseconds) / 86_400_000)
        }),
      FunctionSpec(
        "workMinutesDiff", groups: [.date],
        parameters: [.required("date1", .date), .required("date2", .date)],
        result: .number,
        summary:
          "The working minutes from date1 to date2 on a Monday–Friday, 09:00–17:00 schedule in the scenario time zone, in whole minutes; negative when date2 is earlier.",
        examples: [
          .init("{{workMinutesDiff(2016-12-05T09:00:00.000Z; 2016-12-05T17:00:00.000Z)}}", "480"),
          .init("{{workMinutesDiff(2016-12-05T09:00:00.000Z; 2016-12-06T17:00:00.000Z)}}", "960"),
          .init("{{workMinutesDiff(2016-12-09T16:30:00.000Z; 2016-12-12T09:15:00.000Z)}}", "45"),
        ],
        implementation: .eager { arguments, context throws(EvaluationError) in
          guard let start = try arguments.date(0, context), let end = try arguments.date(1, context) else {
            return .null
          }
          let milliseconds =
            workMilliseconds(until: end, in: context.timeZone) - workMilliseconds(until: start, in: context.timeZone)
          return .number(Double(milliseconds / 60_000))
        }),
      part(
        "year", "The year.", [("year(2016-12-08T15:55:57.536Z)", "2016"), ("year(2000-01-01T00:00:00.000Z)", "2000")]
      ) {
        $0.year
      },
    ]

  /// Days to add to a date on `weekday` (0 = Sunday) to move `amount` weekdays: from a weekend
  /// day, the first step forward is Monday and the first step back is Friday.
  static func weekDayOffset(fromWeekday weekday: Int, adding amount: Int) -> Int {
    guard amount != 0 else { return 0 }
    let direction = amount > 0 ? 1 : -1
    var remaining = abs(amount)
    var offset = 0
    var current = weekday
    // Whole weeks at once: five weekdays are seven days from any day.
    let weeks = (remaining - 1) / 5
    offset += weeks * 7 * direction
    remaining -= weeks * 5
    while remaining > 0 {
      offset += direction
      current = (current + direction + 7) % 7
      if current != 0 && current != 6 { remaining -= 1 }
    }
    return offset
  }

  /// The milliseconds of Mondays to Fridays from 1970-01-01 (wall clock in `timeZone`) to `date`.
  static func weekdayMilliseconds(until date: Date, in timeZone: TimeZone) -> Int64 {
    scheduled(until: date, in: timeZone, dayStart: 0, dayLength: 86_400_000)
  }

  /// The milliseconds of 09:00–17:00 on Mondays to Fridays from 1970-01-01 (wall clock in
  /// `timeZone`) to `date`.
  static func workMilliseconds(until date: Date, in timeZone: TimeZone) -> Int64 {
    scheduled(until: date, in: timeZone, dayStart: 9 * 3_600_000, dayLength: 8 * 3_600_000)
  }

  /// Scheduled time on weekdays, each day from `dayStart` for `dayLength` milliseconds, from the
  /// epoch's wall clock to `date`'s: a count that two dates subtract.
  private static func scheduled(until date: Date, in timeZone: TimeZone, dayStart: Int64, dayLength: Int64) -> Int64 {
    let local = CivilDate(date, in: timeZone).millisecondsAsUTC
    let msPerDay: Int64 = 86_400_000
    let days = floorDiv(local, msPerDay)
    let weeks = floorDiv(days, 7)
    // Day 0 (1970-01-01) was a Thursday: weekdays among the first 0…6 days of a week from Thursday.
    let weekdaysBefore: [Int64] = [0, 1, 2, 2, 2, 3, 4]
    let rest = Int(days - weeks * 7)
    var total = (weeks * 5 + weekdaysBefore[rest]) * dayLength
    let weekday = Int(floorMod(days + 4, 7))
    if weekday != 0 && weekday != 6 {
      total += min(max(local - days * msPerDay - dayStart, 0), dayLength)
    }
    return total
  }

  /// A number read from the date's wall clock in the scenario time zone.
  private static func part(
    _ name: String, _ summary: String, _ examples: [(String, String)],
    _ read: @escaping @Sendable (CivilDate) -> Int
  ) -> FunctionSpec {
    wallClock(name, .number, summary, examples) { civil, _ in .number(Double(read(civil))) }
  }

  /// A date made from the date's wall clock in the scenario time zone.
  private static func boundary(
    _ name: String, _ summary: String, _ examples: [(String, String)],
    _ make: @escaping @Sendable (CivilDate) -> CivilDate
  ) -> FunctionSpec {
    wallClock(name, .date, summary, examples) { civil, timeZone in .date(make(civil).date(in: timeZone)) }
  }

  /// A function of one date, given as its wall clock in the scenario time zone; empty stays empty.
  private static func wallClock(
    _ name: String, _ result: ValueKind, _ summary: String, _ examples: [(String, String)],
    _ compute: @escaping @Sendable (CivilDate, TimeZone) -> Value
  ) -> FunctionSpec {
    FunctionSpec(
      name, groups: [.date], parameters: [.required("date", .date)], result: result, summary: summary,
      examples: examples.map { .init("{{\($0.0)}}", $0.1) },
      implementation: .eager { arguments, context throws(EvaluationError) in
        guard let date = try arguments.date(0, context) else { return .null }
        return compute(CivilDate(date, in: context.timeZone), context.timeZone)
      })
  }

  private static func extreme(
    _ name: String, _ summary: String, _ examples: [(String, String)], latest: Bool
  ) -> FunctionSpec {
    FunctionSpec(
      name, groups: [.date], parameters: [.variadic("array or date1; date2", .any, optional: false)], result: .date,
      summary: summary, examples: examples.map { .init("{{\($0.0)}}", $0.1) },
      implementation: .eager { arguments, context throws(EvaluationError) in
        var dates: [Date] = []
        for item in arguments.aggregateItems where !Coercion.isEmpty(item) {
          do throws(EvaluationError) {
            if let date = try Coercion.date(from: item, timeZone: context.timeZone) { dates.append(date) }
          } catch {
            throw .invalidArgument(function: name, parameter: "date", expected: "a date", got: item)
          }
        }
        return (latest ? dates.max() : dates.min()).map(Value.date) ?? .null
      })
  }
}
