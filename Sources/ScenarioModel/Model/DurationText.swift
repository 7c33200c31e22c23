import Foundation

/// Durations as written in scenario files: `500ms`, `10s`, `15m`, `2h`, `1d`, or combinations such
/// as `1h30m`. A bare number means seconds.
package enum DurationText {
  package enum ParseError: Error, Equatable {
    case empty
    case invalid(String)
  }

  private static let units: [(suffix: String, milliseconds: Int64)] = [
    ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
  ]

  package static func parse(_ text: String) -> Result<Duration, ParseError> {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { return .failure(.empty) }
    if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 {
      return .success(.milliseconds(Int64(seconds * 1000)))
    }
    var total: Int64 = 0
    var rest = Substring(trimmed)
    while !rest.isEmpty {
      let digits = rest.prefix { $0.isASCII && $0.isNumber }
      guard !digits.isEmpty, let amount = Int64(digits) else { return .failure(.invalid(text)) }
      rest = rest.dropFirst(digits.count)
      let unitText = rest.prefix { $0.isLetter }
      guard let unit = units.first(where: { $0.suffix == unitText }) else { return .failure(.invalid(text)) }
      rest = rest.dropFirst(unitText.count)
      let (product, overflow) = amount.multipliedReportingOverflow(by: unit.milliseconds)
      guard !overflow, total <= Int64.max - product else { return .failure(.invalid(text)) }
      total += product
    }
    return .success(.milliseconds(total))
  }
}
