package import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`), as polling triggers
/// use it: `*`, `*/n`, `a`, `a-b`, `a-b/n` and comma lists, month and weekday names (`JAN`, `MON`),
/// and 7 as Sunday.
package struct CronExpression: Sendable, Hashable {
  package let text: String
  package let minutes: Set<Int>
  package let hours: Set<Int>
  package let daysOfMonth: Set<Int>
  package let months: Set<Int>
  /// 0 = Sunday … 6 = Saturday.
  package let daysOfWeek: Set<Int>
  private let isDayOfMonthRestricted: Bool
  private let isDayOfWeekRestricted: Bool

  package struct ParseError: Error, Equatable {
    /// Which field failed (`minute`, `hour`, …), nil when the field count is wrong.
    package var field: String?
    package var message: String
  }

  private struct FieldSpec {
    var name: String
    var range: ClosedRange<Int>
    var names: [String]
  }

  private static let fields: [FieldSpec] = [
    FieldSpec(name: "minute", range: 0...59, names: []),
    FieldSpec(name: "hour", range: 0...23, names: []),
    FieldSpec(name: "day of month", range: 1...31, names: []),
    FieldSpec(
      name: "month", range: 1...12,
      names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
    FieldSpec(name: "day of week", range: 0...7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
  ]

  package init(parsing text: String) throws(ParseError) {
    let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard parts.count == 5 else {
      throw ParseError(
        field: nil,
        message:
          "cron expression '\(text)' has \(parts.count) field\(parts.count == 1 ? "" : "s"); expected 5 (minute hour day-of-month month day-of-week)"
      )
    }
    var sets: [Set<Int>] = []
    for (part, spec) in zip(parts, Self.fields) {
      sets.append(try Self.parseField(part, spec))
    }
    self.text = text
    minutes = sets[0]
    hours = sets[1]
    daysOfMonth = sets[2]
    months = sets[3]
    daysOfWeek = Set(sets[4].map { $0 % 7 })
    isDayOfMonthRestricted = parts[2] != "*"
    isDayOfWeekRestricted = parts[4] != "*"
  }

  private static func parseField(_ text: String, _ spec: FieldSpec) throws(ParseError) -> Set<Int> {
    var result = Set<Int>()
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
      let pieces = item.split(separator: "/", omittingEmptySubsequences: false)
      guard pieces.count <= 2 else { throw invalid(text, spec) }
      var step = 1
      if pieces.count == 2 {
        guard let parsed = Int(pieces[1]), parsed > 0 else { throw invalid(text, spec) }
        step = parsed
      }
      let rangeText = pieces[0]
      var range: ClosedRange<Int>
      if rangeText == "*" {
        range = spec.range
      } else if let dash = rangeText.firstIndex(of: "-") {
        let low = try value(rangeText[..<dash], spec, whole: text)
        let high = try value(rangeText[rangeText.index(after: dash)...], spec, whole: text)
        guard low <= high else { throw invalid(text, spec) }
        range = low...high
      } else {
        let single = try value(rangeText, spec, whole: text)
        range = single...(pieces.count == 2 ? spec.range.upperBound : single)
      }
      result.formUnion(stride(from: range.lowerBound, through: range.upperBound, by: step))
    }
    return result
  }

  private static func value(_ text: Substring, _ spec: FieldSpec, whole: String) throws(ParseError) -> Int {
    if let index = spec.names.firstIndex(of: text.uppercased()) {
      return index + (spec.range.lowerBound == 1 ? 1 : 0)
    }
    guard let number = Int(text), spec.range.contains(number) else {
      throw ParseError(
        field: spec.name,
        message:
          "cron \(spec.name) '\(text)' in '\(whole)' is out of range \(spec.range.lowerBound)-\(spec.range.upperBound)")
    }
    return number
  }

  private static func invalid(_ text: String, _ spec: FieldSpec) -> ParseError {
    ParseError(field: spec.name, message: "cron \(spec.name) field '\(text)' is not valid")
  }

  /// Whether the schedule fires in the minute of `date` in `timeZone`.
  package func matches(_ date: Date, in timeZone: TimeZone) -> Bool {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let parts = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: date)
    guard let minute = parts.minute, let hour = parts.hour, let day = parts.day, let month = parts.month,
      let weekday = parts.weekday
    else { return false }
    guard minutes.contains(minute), hours.contains(hour), months.contains(month) else { return false }
    let dayOfWeek = weekday - 1
    // Classic cron: when both day fields are restricted, either may match.
    if isDayOfMonthRestricted && isDayOfWeekRestricted {
      return daysOfMonth.contains(day) || daysOfWeek.contains(dayOfWeek)
    }
    return daysOfMonth.contains(day) && daysOfWeek.contains(dayOfWeek)
  }

  /// The first minute strictly after `date` at which the schedule fires, searching up to four years.
  package func nextFire(after date: Date, in timeZone: TimeZone) -> Date? {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    guard let startMinute = calendar.dateInterval(of: .minute, for: date)?.start else { return nil }
    var candidate = startMinute.addingTimeInterval(60)
    let limit = date.addingTimeInterval(4 * 366 * 86_400)
    while candidate <= limit {
      if matches(candidate, in: timeZone) { return candidate }
      // Skip whole hours or days that cannot match to keep the search short.
      let parts = calendar.dateComponents([.hour, .month], from: candidate)
      if let month = parts.month, !months.contains(month) {
        candidate = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: candidate)) ?? limit
      } else if let hour = parts.hour, !hours.contains(hour) {
        candidate = calendar.dateInterval(of: .hour, for: candidate).map { $0.end } ?? limit
      } else {
        candidate = candidate.addingTimeInterval(60)
      }
    }
    return nil
  }
}
