import Testing

@testable import Expressions

/// The newer date functions: weekday arithmetic, parts and month boundaries in the scenario time
/// zone, and working time.
@Suite struct DateFunctionsNewerTests {
  @Test(arguments: [
    // addWeekDays: weekends skipped both ways, from weekend days too, fractions rounded down.
    ("{{addWeekDays(2016-12-09T10:00:00Z; 1)}}", "UTC", "2016-12-12T10:00:00.000Z"),
    ("{{addWeekDays(2016-12-12T10:00:00Z; -1)}}", "UTC", "2016-12-09T10:00:00.000Z"),
    ("{{addWeekDays(2016-12-11T10:00:00Z; -1)}}", "UTC", "2016-12-09T10:00:00.000Z"),
    ("{{addWeekDays(2016-12-10T10:00:00Z; 5)}}", "UTC", "2016-12-16T10:00:00.000Z"),
    ("{{addWeekDays(2016-12-10T10:00:00Z; 6)}}", "UTC", "2016-12-19T10:00:00.000Z"),
    ("{{addWeekDays(2016-12-08T10:00:00Z; 10)}}", "UTC", "2016-12-22T10:00:00.000Z"),
    ("{{addWeekDays(2016-12-08T10:00:00Z; 1.9)}}", "UTC", "2016-12-09T10:00:00.000Z"),
    ("{{addWeekDays(2016-12-08T10:00:00Z; -0.5)}}", "UTC", "2016-12-07T10:00:00.000Z"),
    ("{{addWeekDays(2016-12-08T10:00:00Z; 0)}}", "UTC", "2016-12-08T10:00:00.000Z"),
    ("{{addWeekDays(2016-12-08T10:00:00Z; 261)}}", "UTC", "2017-12-08T10:00:00.000Z"),
    // 2016-12-09T23:30Z is Saturday 00:30 in Prague: the next weekday is Monday 00:30 there.
    ("{{addWeekDays(2016-12-09T23:30:00Z; 1)}}", "Europe/Prague", "2016-12-11T23:30:00.000Z"),
    // Month boundaries in the scenario time zone, and across a year.
    ("{{startOfMonth(2016-06-30T23:30:00Z)}}", "Europe/Prague", "2016-06-30T22:00:00.000Z"),
    ("{{endOfMonth(2016-12-31T10:00:00Z)}}", "UTC", "2016-12-31T23:59:59.999Z"),
    ("{{endOfMonth(2015-02-10T10:00:00Z)}}", "UTC", "2015-02-28T23:59:59.999Z"),
    ("{{endOfMonth(2026-03-10T10:00:00Z)}}", "Europe/Prague", "2026-03-31T21:59:59.999Z"),
    ("{{dateMax(split(2016-01-01,2017-01-01; ,))}}", "UTC", "2017-01-01T00:00:00.000Z"),
    ("{{dateMin(1.missing; 2016-01-01; emptystring)}}", "UTC", "2016-01-01T00:00:00.000Z"),
  ])
  func dates(template: String, timeZone: String, expected: String) throws {
    #expect(try render(template, timeZone: timeZone) == expected)
  }

  @Test(arguments: [
    (
      "{{hour(2016-12-08T23:30:00Z)}} {{dayOfMonth(2016-12-08T23:30:00Z)}} {{dayOfWeek(2016-12-08T23:30:00Z)}}", "UTC",
      "23 8 5"
    ),
    (
      "{{hour(2016-12-08T23:30:00Z)}} {{dayOfMonth(2016-12-08T23:30:00Z)}} {{dayOfWeek(2016-12-08T23:30:00Z)}}",
      "Europe/Prague", "0 9 6"
    ),
    ("{{year(2016-12-31T23:30:00Z)}} {{month(2016-12-31T23:30:00Z)}}", "Asia/Tokyo", "2017 1"),
    ("{{minute(2016-12-08T15:55:57Z)}} {{second(2016-12-08T15:55:57Z)}}", "Asia/Kolkata", "25 57"),
    ("{{daysInMonth(2015-02-10)}} {{daysInMonth(2000-02-10)}} {{daysInMonth(1900-02-10)}}", "UTC", "28 29 28"),
    ("{{daysInYear(2000-06-01)}} {{daysInYear(1900-06-01)}}", "UTC", "366 365"),
    // A Saturday has no weekdays left in its week; a Sunday has the whole next five; Tuesday the
    // 29th of a month ending on Wednesday the 30th has two.
    (
      "{{daysInSplitWeek(2016-12-10)}} {{daysInSplitWeek(2016-12-11)}} {{daysInSplitWeek(2016-11-29)}}", "UTC",
      "0 5 2"
    ),
    ("{{isWeekend(2016-12-09T23:30:00Z)}} {{isWeekend(2016-12-10T00:00:00Z)}}", "UTC", "false true"),
    ("{{isWeekend(2016-12-09T23:30:00Z)}}", "Europe/Prague", "true"),
    ("{{weekDayDiff(2016-12-05T00:00:00Z; 2016-12-07T12:00:00Z)}}", "UTC", "-2.5"),
    ("{{weekDayDiff(2016-12-11T00:00:00Z; 2016-12-10T00:00:00Z)}}", "UTC", "0"),
    ("{{weekDayDiff(2016-12-19T00:00:00Z; 2016-12-05T00:00:00Z)}}", "UTC", "10"),
    ("{{weekDayDiff(1969-12-29T00:00:00Z; 1969-12-26T12:00:00Z)}}", "UTC", "0.5"),
    ("{{workMinutesDiff(2016-12-05T08:00:00Z; 2016-12-05T08:59:00Z)}}", "UTC", "0"),
    ("{{workMinutesDiff(2016-12-05T17:00:00Z; 2016-12-05T09:00:00Z)}}", "UTC", "-480"),
    ("{{workMinutesDiff(2016-12-05T00:00:00Z; 2016-12-12T00:00:00Z)}}", "UTC", "2400"),
    ("{{workMinutesDiff(2016-12-10T10:00:00Z; 2016-12-11T12:00:00Z)}}", "UTC", "0"),
    // 09:00–17:00 on the scenario's wall clock: 08:00–16:00 UTC in Prague in winter.
    ("{{workMinutesDiff(2016-12-05T08:00:00Z; 2016-12-05T16:00:00Z)}}", "Europe/Prague", "480"),
  ])
  func numbers(template: String, timeZone: String, expected: String) throws {
    #expect(try render(template, timeZone: timeZone) == expected)
  }

  @Test(arguments: ["{{hour(soon)}}", "{{dateMax(2016-01-01; soon)}}", "{{addWeekDays(2016-01-01; two)}}"])
  func wrongTypesAreErrors(template: String) {
    #expect(evaluationError(template)?.id == "expression.invalidArgument")
  }
}
