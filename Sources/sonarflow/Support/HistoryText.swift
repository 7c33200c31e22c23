import ArgumentParser
import Basics
import Expressions
import Foundation
import History

/// How history looks on screen and in JSON.
enum HistoryText {
  /// The execution with this id, or with the one id that starts with it (replays included); an
  /// ambiguous prefix lists the candidates (exit 2), an unknown id says so and exits with `missing`
  /// (1, or 2 where 1 means something else, as for `history diff` and `replay`).
  static func load(
    _ id: String, from options: HistoryOptions, store: any HistoryStore, missing: Int32 = ExitStatus.failure
  ) async throws -> ExecutionRecord {
    if let execution = try await store.execution(id: id) { return execution }
    let shown = 10
    let candidates =
      id.isEmpty
      ? [] : try await store.executions(matching: HistoryQuery(idPrefix: id, limit: shown + 1, includesReplays: true))
    if candidates.count == 1, let execution = try await store.execution(id: candidates[0].id) { return execution }
    if candidates.count > 1 {
      var text =
        "error: '\(TextEscaping.escape(id))' starts the ids of \(candidates.count > shown ? "more than \(shown)" : "\(candidates.count)") executions in \(options.displayName)\n"
      for candidate in candidates.prefix(shown) {
        text +=
          "  \(TextEscaping.escape(candidate.id))  \(format(candidate.startedAt))  \(TextEscaping.escape(candidate.scenarioName))\n"
      }
      Output.error(text + "  help: give more of the id, enough to name one execution\n")
      throw ExitCode(ExitStatus.usage)
    }
    Output.error(
      "error: no execution '\(TextEscaping.escape(id))' in \(options.displayName)\n  help: 'sonarflow history list' shows the recorded executions"
    )
    throw ExitCode(missing)
  }

  /// Sets `query`'s `--status` and `--since` filters from the command line; an unknown status or
  /// an unreadable date is a usage error (exit 2) that names the accepted forms.
  static func filter(_ query: inout HistoryQuery, status: String?, since: String?) throws {
    if let status {
      guard let parsed = ExecutionStatus(rawValue: status) else {
        Output.error(
          "error: unknown status '\(TextEscaping.escape(status))'; use one of \(ExecutionStatus.allCases.map(\.rawValue).joined(separator: ", "))"
        )
        throw ExitCode(ExitStatus.usage)
      }
      query.status = parsed
    }
    if let since {
      guard let date = parseDate(since) else {
        Output.error(
          "error: cannot read '\(TextEscaping.escape(since))' as a date; use ISO 8601 such as 2026-11-25 or 2026-11-25T10:00:00Z"
        )
        throw ExitCode(ExitStatus.usage)
      }
      query.since = date
    }
  }

  static func parseDate(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withFullDate]
    return formatter.date(from: text)
  }

  static func format(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
    return formatter.string(from: date)
  }

  static func duration(_ execution: ExecutionRecord) -> String {
    guard let finished = execution.finishedAt else { return "-" }
    return RunPrinter.format(.milliseconds(Int64(finished.timeIntervalSince(execution.startedAt) * 1000)))
  }

  private static func jsonValue(_ data: Data?) -> Any {
    guard let data, let value = try? Value(jsonData: data) else { return NSNull() }
    return value.jsonObject
  }

  private static func iso(_ date: Date?) -> Any {
    guard let date else { return NSNull() }
    return ISODate.render(date)
  }

  static func object(_ execution: ExecutionRecord, withOperations: Bool) -> [String: Any] {
    var object: [String: Any] = [
      "id": execution.id, "scenario": execution.scenarioName, "file": execution.scenarioFile,
      "contentHash": execution.contentHash,
      "trigger": execution.trigger, "status": execution.status.rawValue, "startedAt": iso(execution.startedAt),
      "finishedAt": iso(execution.finishedAt), "operations": execution.operations, "dataSize": execution.dataSize,
      "parentID": execution.parentID ?? NSNull(), "replay": execution.isReplay,
      "retry": execution.retry.map {
        [
          "attempts": $0.attempts, "limit": $0.limit, "nextAttemptAt": iso($0.nextAttemptAt),
          "intervalMs": $0.intervalMilliseconds.map { $0 as Any } ?? "backoff",
        ] as [String: Any]
      } ?? NSNull(),
      "error": execution.error.map {
        [
          "type": $0.type, "message": $0.message, "module": $0.moduleID ?? NSNull(),
          "location": $0.location ?? NSNull(),
        ] as [String: Any]
      } ?? NSNull(),
    ]
    if withOperations {
      object["triggerBundle"] = jsonValue(execution.triggerBundle)
      object["resumable"] = execution.resumeState != nil
      object["operationLog"] = execution.operationLog.map { operation -> [String: Any] in
        [
          "sequence": operation.sequence, "module": operation.moduleID, "moduleName": operation.moduleName,
          "input": jsonValue(operation.input), "output": jsonValue(operation.output),
          "exchanges": operation.exchanges.map { jsonValue($0) } ?? [Any](), "filtered": operation.isFiltered,
          "durationMs": operation.duration.milliseconds,
          "error": operation.error.map {
            ["type": $0.type, "message": $0.message, "location": $0.location ?? NSNull()] as [String: Any]
          } ?? NSNull(),
        ]
      }
    }
    return object
  }

  static func json(_ value: Any) -> String {
    let data =
      (try? JSONSerialization.data(
        withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// Make's layout: each operation with its module and bundles. Everything recorded (names, paths,
  /// messages, bundles) is escaped for the terminal (``TextEscaping``).
  static func describe(_ execution: ExecutionRecord) -> String {
    func field(_ text: String) -> String { TextEscaping.escape(text) }
    func json(_ text: String) -> String { TextEscaping.escape(text, backslashes: .kept) }
    var text = "Execution \(field(execution.id))\n"
    text += "  scenario:   \(field(execution.scenarioName)) (\(field(execution.scenarioFile)))\n"
    text += "  status:     \(execution.status.rawValue)\n"
    text += "  started:    \(format(execution.startedAt)) UTC, duration \(duration(execution))\n"
    text += "  operations: \(execution.operations), data \(execution.dataSize) bytes\n"
    if let parent = execution.parentID {
      text += "  parent:     \(field(parent))\(execution.isReplay ? " (a replay of it: sonarflow replay)" : "")\n"
    }
    if let error = execution.error {
      text +=
        "  error:      \(field(error.type)): \(field(error.message))\(error.moduleID.map { " (module \($0))" } ?? "")\(error.location.map { " at \(field($0))" } ?? "")\n"
    }
    if execution.status == .incomplete, let retry = execution.retry {
      let next = retry.nextAttemptAt.map { "next at \(format($0)) UTC" } ?? "no more automatic attempts"
      text += "  attempts:   \(retry.attempts) of \(retry.limit) made automatically, \(next)\n"
    }
    if execution.status == .incomplete && execution.resumeState != nil {
      text += "  resume:     sonarflow history resume \(field(execution.id))\n"
    }
    if let trigger = execution.triggerBundle, execution.operationLog.isEmpty {
      text += "  bundle:     \(json(String(decoding: trigger, as: UTF8.self)))\n"
    }
    for operation in execution.operationLog {
      text +=
        "\nOperation \(operation.sequence) · module \(operation.moduleID) \(field(operation.moduleName)) · \(RunPrinter.format(operation.duration))\n"
      if operation.isFiltered {
        text += "  stopped by the filter\n"
        continue
      }
      if let input = operation.input { text += "  input:  \(json(String(decoding: input, as: UTF8.self)))\n" }
      if let output = operation.output, let bundles = try? Value(jsonData: output), case .array(let items) = bundles {
        if items.isEmpty { text += "  output: (no bundles)\n" }
        for (index, bundle) in items.enumerated() { text += "  bundle \(index + 1): \(json(bundle.jsonText()))\n" }
      }
      if let error = operation.error {
        text +=
          "  error:  \(field(error.type)): \(field(error.message))\(error.location.map { " at \(field($0))" } ?? "")\n"
      }
      for exchange in operation.exchanges.map({ HTTPExchange.list(fromJSON: Array($0)) }) ?? [] {
        text += describe(exchange)
      }
    }
    return text
  }

  /// An HTTP exchange of an operation: the request line, what came back, and both bodies.
  static func describe(_ exchange: HTTPExchange) -> String {
    func field(_ text: String) -> String { TextEscaping.escape(text) }
    let answer =
      exchange.status.map { "\($0)" } ?? "no answer\(exchange.failure.map { ": \(field($0))" } ?? "")"
    let attempt = exchange.attempt > 1 ? ", attempt \(exchange.attempt)" : ""
    var text =
      "  http:   \(field(exchange.method)) \(field(exchange.url)) → \(answer) (\(RunPrinter.format(exchange.duration))\(attempt))\n"
    if let body = exchange.requestBody, !body.isEmpty { text += "    sent:     \(field(body))\n" }
    if let body = exchange.responseBody, !body.isEmpty {
      text += "    received: \(field(body))\(exchange.isBodyTruncated ? " (cut at 256 KB)" : "")\n"
    }
    return text
  }
}
