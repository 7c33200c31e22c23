import Basics
import Foundation
import History

/// How the console writes times, durations, sizes and stored JSON. Every value is handed to a
/// template as plain text; the template's `{{…}}` escapes it.
enum PageText {
  /// `2026-12-07 08:30:05` (UTC).
  static func time(_ date: Date) -> String {
    date.formatted(
      Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateSeparator(.dash).time(
        includingFractionalSeconds: false
      ).timeSeparator(.colon).dateTimeSeparator(.space))
  }

  /// Seconds with milliseconds, or `running`.
  static func duration(_ execution: ExecutionRecord) -> String {
    guard let finishedAt = execution.finishedAt else { return "running" }
    return seconds(finishedAt.timeIntervalSince(execution.startedAt))
  }

  static func seconds(_ interval: TimeInterval) -> String {
    interval < 1 ? "\(Int((interval * 1000).rounded())) ms" : String(format: "%.2f s", interval)
  }

  static func duration(_ duration: Duration) -> String {
    let microseconds = duration.wholeMicroseconds
    if microseconds < 1000 { return "\(microseconds) µs" }
    return seconds(Double(microseconds) / 1_000_000)
  }

  /// `512 B`, `1.5 kB`, `2.0 MB`.
  static func size(_ bytes: Int) -> String {
    if bytes < 1000 { return "\(bytes) B" }
    if bytes < 1_000_000 { return String(format: "%.1f kB", Double(bytes) / 1000) }
    return String(format: "%.1f MB", Double(bytes) / 1_000_000)
  }

  /// Stored JSON, indented; bytes that are not JSON are shown as text.
  static func json(_ data: Data?) -> String? {
    guard let data else { return nil }
    let bytes = Array(data)
    guard let value = try? JSONParser.parse(bytes, options: .verbatim) else {
      return String(decoding: bytes, as: UTF8.self)
    }
    return value.text(pretty: true)
  }

  /// A path segment or query value, percent-encoded (the template then escapes it for HTML).
  static func urlComponent(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }

  /// A query string from name/value pairs, values percent-encoded; empty values left out.
  static func query(_ items: [(String, String?)]) -> String {
    let present = items.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : "\(name)=\(urlComponent($0))" } }
    return present.isEmpty ? "" : "?" + present.joined(separator: "&")
  }
}
