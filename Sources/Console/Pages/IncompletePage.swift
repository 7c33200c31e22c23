import Foundation
import History

/// `/console/incomplete`: the incomplete executions the URL's filter matches, newest first, each
/// with its retry state, the error and module it stopped at, and Resume and Delete; below, the
/// actions on the whole filtered set (each confirmed on ``BulkConfirmPage`` first).
struct IncompletePage: Sendable {
  struct Row: Sendable {
    var id: String
    var href: String
    var scenario: String
    var started: String
    /// `2 of 3 automatic attempts made`, or that it has none.
    var attempts: String
    /// The next automatic attempt, none left, or queued by a resume asked for here.
    var next: String
    var isQueued: Bool
    var errorType: String
    var errorMessage: String
    /// `module 2`, the module it stopped at.
    var module: String?
    var location: String?
    var resumeAction: String
    var deleteAction: String
  }

  struct Field: Sendable {
    var name: String
    var value: String
  }

  var csrf: String
  var search: String
  var scenario: String
  var fromText: String
  var untilText: String
  var problems: [String]
  var notice: String?
  var noticeHref: String?
  var rows: [Row]
  var hasRows: Bool
  var olderHref: String?
  /// The filter as hidden fields of the bulk form.
  var filterFields: [Field]

  init(filter: ExecutionFilter, executions: [ExecutionRecord], notice: Notice?, csrf: String) {
    self.csrf = csrf
    search = filter.search ?? ""
    scenario = filter.scenario ?? ""
    fromText = filter.fromText
    untilText = filter.untilText
    problems = filter.problems
    let shown = executions.prefix(ExecutionFilter.pageSize)
    rows = shown.map(Self.row)
    hasRows = !rows.isEmpty
    olderHref = executions.count > ExecutionFilter.pageSize ? shown.last.map(filter.olderPage(after:)) : nil
    filterFields = Self.fields(of: filter)
    self.notice = notice?.text
    noticeHref = notice?.href
  }

  /// The filter's values (all but the status, always `incomplete` here) as hidden form fields.
  static func fields(of filter: ExecutionFilter) -> [Field] {
    filter.queryItems.compactMap { name, value in
      value.flatMap { $0.isEmpty || name == "status" ? nil : Field(name: name, value: $0) }
    }
  }

  /// The list's URL for `filter`, with `extra` query items after it.
  static func href(_ filter: ExecutionFilter, _ extra: [(String, String?)] = []) -> String {
    "/console/incomplete" + PageText.query(fields(of: filter).map { ($0.name, $0.value) } + extra)
  }

  /// What the page says after an action (carried in the URL of the redirect that follows it).
  struct Notice: Sendable {
    var text: String
    var href: String?

    /// From `?done=resumed|deleted&count=N&of=SCENARIO&id=ID`; nil without `done`.
    init?(query: FormBody) {
      guard let done = query["done"], let count = query["count"].flatMap(Int.init) else { return nil }
      let scenario = query["of"].flatMap { $0.isEmpty ? nil : $0 }
      let id = query["id"].flatMap { $0.isEmpty ? nil : $0 }
      let subject = id.map { "Execution \($0) is" } ?? "\(count) incomplete execution\(count == 1 ? " is" : "s are")"
      switch done {
      case "resumed" where count == 0:
        text =
          "Nothing was resumed: no longer incomplete, or a runner is making an attempt right now."
      case "resumed":
        let runner = scenario.map { "a runner serving scenario \($0)" } ?? "the runners serving their scenarios"
        text = "\(subject) queued: \(runner) runs \(count == 1 ? "it" : "them") now."
        if id != nil { text += " Its page shows the outcome once it is resolved." }
      case "deleted":
        text = "\(count) incomplete execution\(count == 1 ? "" : "s") deleted."
      default:
        return nil
      }
      href = id.map { "/console/executions/" + PageText.urlComponent($0) }
    }
  }

  private static func row(_ execution: ExecutionRecord) -> Row {
    let path = "/console/incomplete/" + PageText.urlComponent(execution.id)
    let attempts =
      execution.retry.map { "\($0.attempts) of \($0.limit) automatic attempts made" }
      ?? "no automatic attempts (resume it by hand)"
    let next: String
    if execution.resumeRequestedAt != nil {
      next = "queued: a runner serving scenario \(execution.scenarioName) runs it now"
    } else if let due = execution.retry?.nextAttemptAt {
      next = "next automatic attempt \(PageText.time(due))"
    } else {
      next = "no automatic attempt left"
    }
    return Row(
      id: execution.id, href: "/console/executions/" + PageText.urlComponent(execution.id),
      scenario: execution.scenarioName, started: PageText.time(execution.startedAt), attempts: attempts,
      next: next, isQueued: execution.resumeRequestedAt != nil, errorType: execution.error?.type ?? "",
      errorMessage: execution.error?.message ?? "", module: execution.error?.moduleID.map { "module \($0)" },
      location: execution.error?.location, resumeAction: path + "/resume", deleteAction: path + "/delete")
  }
}
