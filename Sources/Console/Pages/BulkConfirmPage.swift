import History

/// `/console/incomplete/confirm`: how many incomplete executions the filter matches and what is
/// about to happen to them ("Resume 37 incomplete executions of scenario Orders?"); nothing is
/// done until its form is posted, with the count it showed, which the server checks again.
struct BulkConfirmPage: Sendable {
  enum Action: String, Sendable {
    case resume
    case delete
  }

  /// The most executions one confirmation acts on (the newest ones); confirm again for the rest.
  static let limit = 10_000

  var csrf: String
  var action: String
  var question: String
  var count: Int
  var hasMatches: Bool
  var isTruncated: Bool
  var filterText: String?
  var problems: [String]
  var filterFields: [IncompletePage.Field]
  var cancelHref: String

  init(action: Action, filter: ExecutionFilter, matching: Int, problems: [String], csrf: String) {
    self.csrf = csrf
    self.action = action.rawValue
    count = min(matching, Self.limit)
    isTruncated = matching > Self.limit
    hasMatches = matching > 0
    let verb = action == .resume ? "Resume" : "Delete"
    let noun = "incomplete execution\(count == 1 ? "" : "s")"
    let subject = filter.scenario.map { " of scenario \($0)" } ?? ""
    question =
      matching == 0 ? "No incomplete executions\(subject) match." : "\(verb) \(count) \(noun)\(subject)?"
    var parts: [String] = []
    if let search = filter.search { parts.append("containing \(search)") }
    if !filter.fromText.isEmpty { parts.append("started from \(filter.fromText)") }
    if !filter.untilText.isEmpty { parts.append("started before \(filter.untilText)") }
    filterText = parts.isEmpty ? nil : parts.joined(separator: ", ")
    self.problems = problems
    filterFields = IncompletePage.fields(of: filter)
    cancelHref = IncompletePage.href(filter)
  }
}
