package import Foundation

/// A wall-clock date and time in some time zone, with calendar arithmetic that rolls over like
/// moment.js (day 32 becomes the 1st of the next month, hour -6 the previous day's 18:00).
///
/// Conversions use the proleptic Gregorian calendar and the zone's offset at the instant, which
/// avoids `Calendar` on the hot path.
package struct CivilDate: Sendable, Hashable {
  package var year: Int
  package var month: Int  // 1…12
  package var day: Int  // 1…31
  package var hour: Int
  package var minute: Int
  package var second: Int
  package var millisecond: Int

  package init(
    year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
    millisecond: Int = 0
  ) {
    self.year = year
    self.month = month
    self.day = day
    self.hour = hour
    self.minute = minute
    self.second = second
    self.millisecond = millisecond
  }

  /// The wall-clock reading of `date` in `timeZone`.
  package init(_ date: Date, in timeZone: TimeZone) {
    let offset = timeZone.secondsFromGMT(for: date)
    let totalMilliseconds = CivilDate.milliseconds(of: date) &+ Int64(offset) &* 1000
    self.init(millisecondsSinceEpoch: totalMilliseconds)
  }

  /// The wall-clock reading of a UTC millisecond count.
  package init(millisecondsSinceEpoch total: Int64) {
    let msPerDay: Int64 = 86_400_000
    let days = floorDiv(total, msPerDay)
    var rest = total &- days &* msPerDay
    let (y, m, d) = CivilDate.civil(fromDays: days)
    year = y
    month = m
    day = d
    hour = Int(rest / 3_600_000)
    rest %= 3_600_000
    minute = Int(rest / 60_000)
    rest %= 60_000
    second = Int(rest / 1000)
    millisecond = Int(rest % 1000)
  }

  /// Milliseconds since 1970 of this reading taken as UTC, after normalizing overflowing fields.
  package var millisecondsAsUTC: Int64 {
    // Months roll into years first; days, hours, … then add linearly.
    let monthIndex = Int64(month) &- 1
    let normalizedYear = Int64(year) &+ floorDiv(monthIndex, 12)
    let normalizedMonth = Int(monthIndex - floorDiv(monthIndex, 12) &* 12) + 1
    let days = CivilDate.days(fromYear: normalizedYear, month: normalizedMonth, day: 1) &+ Int64(day) &- 1
    return days &* 86_400_000 &+ Int64(hour) &* 3_600_000 &+ Int64(minute) &* 60_000
      &+ Int64(second) &* 1000 &+ Int64(millisecond)
  }

  /// The instant at which this wall-clock reading happens in `timeZone` (normalizing overflow).
  package func date(in timeZone: TimeZone) -> Date {
    let local = millisecondsAsUTC
    if timeZone.identifier == "UTC" || timeZone.identifier == "GMT" {
      return Date(timeIntervalSince1970: Double(local) / 1000)
    }
    // Find the offset in force at the resulting instant; two rounds settle DST boundaries.
    var guess = Date(timeIntervalSince1970: Double(local) / 1000)
    for _ in 0..<2 {
      let offset = timeZone.secondsFromGMT(for: guess)
      guess = Date(timeIntervalSince1970: Double(local &- Int64(offset) &* 1000) / 1000)
    }
    return guess
  }

  /// 0 = Sunday … 6 = Saturday.
  package var weekday: Int {
    let days = CivilDate.days(fromYear: Int64(year), month: month, day: day)
    return Int(floorMod(days &+ 4, 7))
  }

  /// 1-based day of the year.
  package var dayOfYear: Int {
    Int(
      CivilDate.days(fromYear: Int64(year), month: month, day: day)
        - CivilDate.days(fromYear: Int64(year), month: 1, day: 1)) + 1
  }

  package static func isLeapYear(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  package static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Whole milliseconds since 1970, rounded toward negative infinity; clamped for absurd dates.
  package static func milliseconds(of date: Date) -> Int64 {
    let exact = date.timeIntervalSince1970 * 1000
    // Seconds as Double carry binary noise (-0.001 s is -1.0000000000000002 ms): snap near-integers.
    let nearest = exact.rounded()
    let value = abs(exact - nearest) < 1e-3 ? nearest : exact.rounded(.down)
    guard value.isFinite else { return 0 }
    return Int64(max(-8.64e15, min(8.64e15, value)))
  }

  /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
  package static func days(fromYear year: Int64, month: Int, day: Int) -> Int64 {
    let y = month <= 2 ? year &- 1 : year
    let era = floorDiv(y, 400)
    let yoe = y &- era &* 400
    let m = Int64(month)
    let doy = (153 &* (m > 2 ? m &- 3 : m &+ 9) &+ 2) / 5 &+ Int64(day) &- 1
    let doe = yoe &* 365 &+ yoe / 4 &- yoe / 100 &+ doy
    return era &* 146_097 &+ doe &- 719_468
  }

  /// The civil date of a day count since 1970-01-01 (`civil_from_days`).
  package static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
    let z = days &+ 719_468
    let era = floorDiv(z, 146_097)
    let doe = z &- era &* 146_097
    let yoe = (doe &- doe / 1460 &+ doe / 36524 &- doe / 146_096) / 365
    let y = yoe &+ era &* 400
    let doy = doe &- (365 &* yoe &+ yoe / 4 &- yoe / 100)
    let mp = (5 &* doy &+ 2) / 153
    let d = doy &- (153 &* mp &+ 2) / 5 &+ 1
    let m = mp < 10 ? mp &+ 3 : mp &- 9
    return (Int(m <= 2 ? y &+ 1 : y), Int(m), Int(d))
  }
}

package func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
  let q = a / b
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q &- 1 : q
}

package func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
  a &- floorDiv(a, b) &* b
}
