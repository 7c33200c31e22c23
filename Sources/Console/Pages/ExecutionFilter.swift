import Foundation
import History

/// The executions list's filter as the URL carries it, so a view can be shared:
/// `?q=+13105551234&scenario=Welcome&status=error&from=2026-12-01&until=2026-12-02T12:00&before=…&beforeID=…`.
struct ExecutionFilter: Sendable, Hashable {
  /// Text searched for inside the stored bundles (`HistoryQuery.text`: a phone number, an order id).
  var search: String?
  var scenario: String?
  var status: ExecutionStatus?
  /// Started at or after.
  var from: Date?
  /// Started before.
  var until: Date?
  /// Keyset pagination: only executions older than this one in (startedAt, id) order.
  var before: ExecutionCursor?
  /// What was given as typed, to show it back in the form.
  var fromText = ""
  var untilText = ""
  /// What could not be read, one line each.
  var problems: [String] = []
  /// The page the filter belongs to, for its links (the executions list, the incomplete list).
  var path = "/console/executions"

  static let pageSize = 50

  init(query: FormBody) {
    search = query["q"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    scenario = query["scenario"].flatMap { $0.isEmpty ? nil : $0 }
    if let text = query["status"], !text.isEmpty {
      if let status = ExecutionStatus(rawValue: text) {
        self.status = status
      } else {
        problems.append(
          "unknown status '\(text)': expected one of "
            + ExecutionStatus.allCases.map(\.rawValue).joined(separator: ", "))
      }
    }
    fromText = query["from"] ?? ""
    untilText = query["until"] ?? ""
    from = Self.date(fromText, name: "from", problems: &problems)
    until = Self.date(untilText, name: "until", problems: &problems)
    if let seconds = query["before"].flatMap(Double.init), let id = query["beforeID"], !id.isEmpty {
      before = ExecutionCursor(startedAt: Date(timeIntervalSince1970: seconds), id: id)
    }
  }

  /// The store query for one page, one more row than shown to know whether there is an older page.
  var historyQuery: HistoryQuery {
    var query = HistoryQuery(
      scenarioName: scenario, ignoresNameCase: true, status: status, since: from, limit: Self.pageSize + 1,
      includesReplays: true)
    query.until = until
    query.before = before
    query.text = search
    return query
  }

  /// The filter's part of the URL (without the cursor).
  var queryItems: [(String, String?)] {
    [("q", search), ("scenario", scenario), ("status", status?.rawValue), ("from", fromText), ("until", untilText)]
  }

  /// The URL of the page after `last`.
  func olderPage(after last: ExecutionRecord) -> String {
    path
      + PageText.query(
        queryItems + [
          ("before", "\(last.startedAt.timeIntervalSince1970)"), ("beforeID", last.id),
        ])
  }

  /// `2026-12-01`, `2026-12-01T10:00`, `2026-12-01T10:00:30` or with a trailing `Z`, in UTC
  /// (what a `datetime-local` field sends, read as UTC).
  static func date(_ text: String, name: String, problems: inout [String]) -> Date? {
    guard !text.isEmpty else { return nil }
    var trimmed = text.hasSuffix("Z") ? String(text.dropLast()) : text
    if trimmed.count == 10 { trimmed += "T00:00:00" } else if trimmed.count == 16 { trimmed += ":00" }
    let style = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateSeparator(.dash)
      .time(includingFractionalSeconds: false).timeSeparator(.colon)
    if let date = try? style.parse(trimmed) { return date }
    problems.append("'\(name)' is not a date: '\(text)' (expected 2026-12-01 or 2026-12-01T10:00)")
    return nil
  }
}
