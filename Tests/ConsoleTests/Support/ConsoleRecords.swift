import Basics
import Console
import Engine
import Foundation
import History
import SonarflowTesting

/// Executions for the console's tests: the order-status scenario (a router with two named routes
/// and an error handler), with operations whose bundles can carry hostile text.
enum ConsoleRecords {
  static let epoch = Date(timeIntervalSince1970: 1_796_000_000)

  /// Copies `scenarios/order-status-reply.yaml` into `folder`; returns its path and content hash.
  static func orderScenario(in folder: URL) throws -> (path: String, hash: String) {
    let source = Fixture.repositoryRoot.appendingPathComponent("scenarios/order-status-reply.yaml")
    let text = try String(contentsOf: source, encoding: .utf8)
    let path = folder.appendingPathComponent("order-status-reply.yaml").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return (path, ScenarioCompiler.contentHash(text))
  }

  static func json(_ text: String) -> Data { Data(text.utf8) }

  /// An order-status execution: module 2 (http.request) fails and its error handler's module 6
  /// texts the customer; `text` is the customer's message, shown in the bundles.
  static func order(
    id: String, scenarioFile: String, contentHash: String, startedAt: Date = epoch,
    status: ExecutionStatus = .error, text: String = "order 1234", scenarioName: String = "Order status"
  ) -> ExecutionRecord {
    let quoted = "\"" + JSONEscaping.escape(text) + "\""
    let operations = [
      OperationRecord(
        sequence: 1, moduleID: 2, moduleName: "http.request",
        input: json(#"{"url":"https://shop.example.com/api/orders/1234","method":"GET"}"#),
        error: ErrorRecord(
          type: "ConnectionError", message: "the shop did not answer", moduleID: 2,
          location: "\(scenarioFile):11:5"),
        duration: .milliseconds(120),
        exchanges: json(#"[{"request":{"method":"GET","url":"https://shop.example.com/api/orders/1234"}}]"#)),
      OperationRecord(
        sequence: 2, moduleID: 6, moduleName: "sonar.sendMessage",
        input: json(#"{"phoneNumber":"+13105550100","text":\#(quoted)}"#),
        output: json(#"[{"id":"msg_1","text":\#(quoted)}]"#), duration: .milliseconds(40)),
    ]
    return ExecutionRecord(
      id: id, scenarioName: scenarioName, scenarioFile: scenarioFile, contentHash: contentHash,
      trigger: "sonar.watchUnassignedMessage", status: status, startedAt: startedAt,
      finishedAt: status == .running ? nil : startedAt.addingTimeInterval(0.2),
      operations: operations.count, dataSize: 512,
      error: status == .error
        ? ErrorRecord(
          type: "ConnectionError", message: "the shop did not answer", moduleID: 2, location: "\(scenarioFile):11:5")
        : nil,
      triggerBundle: json(#"{"text":\#(quoted)}"#), operationLog: status == .running ? [] : operations)
  }

  /// An incomplete execution of `scenario` stopped at module 2 by a `ConnectionError`, with
  /// `retry` (nil: no automatic attempts).
  static func incomplete(
    id: String, scenario: String = "Order status", minute: Int = 0, retry: RetrySchedule? = nil
  ) -> ExecutionRecord {
    var record = plain(id: id, scenario: scenario, status: .incomplete, minute: minute)
    record.error = ErrorRecord(
      type: "ConnectionError", message: "the shop did not answer", moduleID: 2, location: "flows/order.yaml:11:5")
    record.resumeState = json(#"{"failedModuleID":2}"#)
    record.retry = retry
    return record
  }

  /// A plain execution of `scenario` for list tests.
  static func plain(id: String, scenario: String, status: ExecutionStatus, minute: Int) -> ExecutionRecord {
    ExecutionRecord(
      id: id, scenarioName: scenario, scenarioFile: "/nowhere/\(scenario).yaml", contentHash: "",
      trigger: "webhook.custom", status: status, startedAt: epoch.addingTimeInterval(Double(minute) * 60),
      finishedAt: epoch.addingTimeInterval(Double(minute) * 60 + 1), operations: 1, dataSize: 10)
  }
}
