import Foundation

/// A date as the history file stores it: GRDB's text form, `YYYY-MM-DD HH:MM:SS.SSS` in UTC,
/// written directly instead of through GRDB's `DateFormatter`.
///
/// Every execution writes two dates (its `running` row and its record), and formatting them
/// through ICU was 5 % of the server's CPU while it drained a backlog of webhooks
/// (docs/benchmarks.md). The text is the one GRDB writes — the tests compare both over many
/// dates — so files written before and after read the same, and GRDB reads it back as before.
enum StoredDate {
  /// The text of `date`, or nil outside the years 1600–9999, which are left to GRDB (its
  /// calendar is Julian before 1582; four digits stop at 9999).
  static func text(_ date: Date) -> String? {
    // As Foundation hands the date to ICU (milliseconds since 1970, plus half a millisecond),
    // which keeps the whole milliseconds below it: the nearest millisecond, halves up.
    let millisecondsSince1970 = ((date.timeIntervalSinceReferenceDate + 978_307_200.0) * 1000.0 + 0.5).rounded(.down)
    // Year 1600 to the end of year 9999, in milliseconds since 1970.
    guard millisecondsSince1970 >= -11_676_096_000_000, millisecondsSince1970 < 253_402_300_800_000 else {
      return nil
    }
    let milliseconds = Int64(millisecondsSince1970)
    let dayMilliseconds: Int64 = 86_400_000
    let days =
      milliseconds >= 0 ? milliseconds / dayMilliseconds : (milliseconds - dayMilliseconds + 1) / dayMilliseconds
    let inDay = milliseconds - days * dayMilliseconds
    let (year, month, day) = civil(daysSince1970: days)
    let hour = inDay / 3_600_000
    let minute = inDay / 60_000 % 60
    let second = inDay / 1000 % 60
    let millisecond = inDay % 1000
    return String(unsafeUninitializedCapacity: 23) { buffer in
      func put(_ value: Int64, digits: Int, at offset: Int) {
        var value = value
        for index in stride(from: offset + digits - 1, through: offset, by: -1) {
          buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
          value /= 10
        }
      }
      put(year, digits: 4, at: 0)
      buffer[4] = UInt8(ascii: "-")
      put(month, digits: 2, at: 5)
      buffer[7] = UInt8(ascii: "-")
      put(day, digits: 2, at: 8)
      buffer[10] = UInt8(ascii: " ")
      put(hour, digits: 2, at: 11)
      buffer[13] = UInt8(ascii: ":")
      put(minute, digits: 2, at: 14)
      buffer[16] = UInt8(ascii: ":")
      put(second, digits: 2, at: 17)
      buffer[19] = UInt8(ascii: ".")
      put(millisecond, digits: 3, at: 20)
      return 23
    }
  }

  /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
  private static func civil(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
