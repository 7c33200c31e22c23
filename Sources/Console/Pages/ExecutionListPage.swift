import History

/// `/console/executions`: newest first, filtered by the URL's query, a page at a time.
struct ExecutionListPage: Sendable {
  struct StatusOption: Sendable {
    var value: String
    var isSelected: Bool
  }

  var csrf: String
  var search: String
  var scenario: String
  var fromText: String
  var untilText: String
  var statuses: [StatusOption]
  var problems: [String]
  var rows: [ExecutionRow]
  var olderHref: String?
  /// The first page follows new executions live; older pages stay as they are.
  var isFirstPage: Bool
  var hasRows: Bool

  init(filter: ExecutionFilter, executions: [ExecutionRecord], csrf: String) {
    self.csrf = csrf
    search = filter.search ?? ""
    scenario = filter.scenario ?? ""
    fromText = filter.fromText
    untilText = filter.untilText
    statuses = ExecutionStatus.allCases.map { StatusOption(value: $0.rawValue, isSelected: $0 == filter.status) }
    problems = filter.problems
    let shown = executions.prefix(ExecutionFilter.pageSize)
    rows = shown.map(ExecutionRow.init)
    hasRows = !rows.isEmpty
    olderHref = executions.count > ExecutionFilter.pageSize ? shown.last.map(filter.olderPage(after:)) : nil
    isFirstPage = filter.before == nil
  }
}
