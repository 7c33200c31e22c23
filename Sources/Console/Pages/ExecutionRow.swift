import History

/// One execution as a row of a table (the executions list, the incomplete list).
struct ExecutionRow: Sendable {
  var id: String
  var href: String
  var status: String
  var scenario: String
  var trigger: String
  var started: String
  var duration: String
  var operations: Int
  var dataSize: String
  var isReplay: Bool
  var retry: String?

  init(_ execution: ExecutionRecord) {
    id = execution.id
    href = "/console/executions/" + PageText.urlComponent(execution.id)
    status = execution.status.rawValue
    scenario = execution.scenarioName
    trigger = execution.trigger
    started = PageText.time(execution.startedAt)
    duration = PageText.duration(execution)
    operations = execution.operations
    dataSize = PageText.size(execution.dataSize)
    isReplay = execution.isReplay
    retry = execution.retry.map { retry in
      let next = retry.nextAttemptAt.map { "next \(PageText.time($0))" } ?? "no more attempts"
      return "attempts \(retry.attempts)/\(retry.limit), \(next)"
    }
  }
}
