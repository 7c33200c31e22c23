package import Foundation

/// A point in time written as ISO 8601 UTC with seconds, `2026-11-25T20:00:00Z`, the form the
/// client sends for `send_at` and the emulator writes for `unsubscribed_at` and `created_at`.
package struct SonarTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
  package var secondsSince1970: Double

  package init(secondsSince1970: Double) { self.secondsSince1970 = secondsSince1970 }

  package init(_ date: Date) { secondsSince1970 = date.timeIntervalSince1970 }

  /// Parses `2026-11-25T20:00:00Z`, with optional fractional seconds and a `±hh:mm` offset.
  package init?(iso8601 text: String) {
    let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    let plain = Date.ISO8601FormatStyle()
    if let date = try? plain.parse(text) ?? withFraction.parse(text) {
      self.init(date)
    } else if let date = try? withFraction.parse(text) {
      self.init(date)
    } else {
      return nil
    }
  }

  package var date: Date { Date(timeIntervalSince1970: secondsSince1970) }

  package var iso8601: String { date.formatted(.iso8601) }

  package var description: String { iso8601 }

  package static func < (lhs: SonarTimestamp, rhs: SonarTimestamp) -> Bool {
    lhs.secondsSince1970 < rhs.secondsSince1970
  }
}
