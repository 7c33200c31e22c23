import Basics
import Foundation
import History
import Replay
import Testing

/// Two executions compared step by step: what changed, where, and in which order.
@Suite struct ExecutionComparisonTests {
  static func operation(
    _ sequence: Int, module: Int, name: String = "sonar.sendMessage", input: String? = nil, output: String? = nil,
    filtered: Bool = false, exchanges: [HTTPExchange] = []
  ) -> OperationRecord {
    OperationRecord(
      sequence: sequence, moduleID: module, moduleName: name, input: input.map { Data($0.utf8) },
      output: output.map { Data($0.utf8) }, isFiltered: filtered,
      exchanges: exchanges.isEmpty ? nil : Data(HTTPExchange.jsonBytes(exchanges)))
  }

  static func execution(
    _ id: String, status: ExecutionStatus = .success, _ operations: [OperationRecord]
  ) -> ExecutionRecord {
    ExecutionRecord(
      id: id, scenarioName: "s", scenarioFile: "s.yaml", contentHash: "", trigger: "webhook.custom", status: status,
      startedAt: Date(timeIntervalSince1970: 0), operationLog: operations)
  }

  static func send(host: String, body: String, status: Int = 202) -> HTTPExchange {
    HTTPExchange(
      method: "POST", url: "http://\(host)/api/v1/messages", requestHeaders: [], requestBody: Array(body.utf8),
      status: status, responseHeaders: [], responseBody: Array("{}".utf8), duration: .milliseconds(2), attempt: 1)
  }

  @Test func theSameStepsAreNoDifferenceWhateverTheHostAndTimes() {
    let before = Self.execution(
      "a",
      [
        Self.operation(1, module: 1, output: #"[{"n":1}]"#),
        Self.operation(
          2, module: 2, input: #"{"text":"Hi"}"#, exchanges: [Self.send(host: "127.0.0.1:1", body: "t=Hi")]),
      ])
    let after = Self.execution(
      "b",
      [
        Self.operation(1, module: 1, output: #"[{"n":1.0}]"#),
        Self.operation(
          2, module: 2, input: #"{"text":"Hi"}"#, exchanges: [Self.send(host: "api.sendsonar.com", body: "t=Hi")]),
      ])
    let comparison = ExecutionComparison(before: before, after: after)
    #expect(!comparison.hasDifferences)
  }

  @Test func aChangedTextIsNamedByPathWithBothValues() throws {
    let before = Self.execution(
      "a",
      [
        Self.operation(
          1, module: 2, input: #"{"to":"+1","text":"Hi Ann"}"#, exchanges: [Self.send(host: "h", body: "text=Hi%20Ann")]
        )
      ])
    let after = Self.execution(
      "b",
      [
        Self.operation(
          1, module: 2, input: #"{"to":"+1","text":"Hello Ann"}"#,
          exchanges: [Self.send(host: "h", body: "text=Hello%20Ann")])
      ])
    let comparison = ExecutionComparison(before: before, after: after)
    let step = try #require(comparison.steps.only)
    #expect(step.moduleID == 2)
    #expect(
      step.changes == [
        .init(part: "input", path: "text", before: .string("Hi Ann"), after: .string("Hello Ann")),
        .init(part: "requests", path: "[0].body", before: .string("text=Hi%20Ann"), after: .string("text=Hello%20Ann")),
      ])
  }

  /// Exchanges a replay already holds compare as their records' JSON does: the same steps and
  /// changes, a request that failed (no status) and one with a query included.
  @Test func knownExchangesCompareAsTheirJSONDoes() throws {
    let failed = HTTPExchange(
      method: "GET", url: "http://h/api/v1/customers?phone_number=%2B1&token=abc", requestHeaders: [],
      requestBody: nil, status: nil, responseHeaders: [], responseBody: nil, failure: "timed out",
      duration: .seconds(1), attempt: 1)
    let beforeExchanges = [failed, Self.send(host: "h", body: "text=Hi%20Ann \"\u{1F600}\"")]
    let afterExchanges = [Self.send(host: "other", body: "text=Hello%20Ann", status: 400)]
    let before = Self.execution("a", [Self.operation(1, module: 2, exchanges: beforeExchanges)])
    let after = Self.execution("b", [Self.operation(7, module: 2, exchanges: afterExchanges)])
    let read = ExecutionComparison(before: before, after: after)
    let known = ExecutionComparison(
      before: before, after: after,
      known: ExecutionComparison.KnownExchanges(before: [1: beforeExchanges], after: [7: afterExchanges]))
    #expect(read.steps.count == 1)
    #expect(known.steps == read.steps)
    #expect(
      try #require(read.steps.first).changes.map(\.path) == ["[0].method", "[0].path", "[0].body", "[0].status", "[1]"])
  }

  /// A filter that now stops the bundle: the module is filtered, and what came after it ran only
  /// in the first execution; a module reached only now is listed at its place.
  @Test func routeAndFilterChangesAreStepsInTheOrderTheyRan() {
    let before = Self.execution(
      "a",
      [
        Self.operation(1, module: 1, output: "[{}]"),
        Self.operation(2, module: 2, input: "{}", output: "[{}]"),
        Self.operation(3, module: 3, input: "{}", output: "[{}]"),
        Self.operation(4, module: 5, input: "{}", output: "[{}]"),
      ])
    let after = Self.execution(
      "b", status: .warning,
      [
        Self.operation(1, module: 1, output: "[{}]"),
        Self.operation(2, module: 2, filtered: true),
        Self.operation(3, module: 4, input: "{}", output: "[{}]"),
        Self.operation(4, module: 5, input: "{}", output: "[{}]"),
      ])
    let comparison = ExecutionComparison(before: before, after: after)
    #expect(
      comparison.executionChanges == [
        .init(part: "status", path: "", before: .string("success"), after: .string("warning"))
      ])
    #expect(comparison.steps.map(\.moduleID) == [2, 3, 4])
    #expect(
      comparison.steps[0].changes.first == .init(part: "filtered", path: "", before: .bool(false), after: .bool(true)))
    #expect(comparison.steps[1].changes == [.init(part: "ran", path: "", before: .bool(true), after: .bool(false))])
    #expect(comparison.steps[1].afterSequence == nil)
    #expect(comparison.steps[2].changes == [.init(part: "ran", path: "", before: .bool(false), after: .bool(true))])
    #expect(comparison.steps[2].beforeSequence == nil)
  }

  /// The second operation of a module is compared with the second, not the first.
  @Test func operationsOfOneModuleAreMatchedInOrder() throws {
    let before = Self.execution(
      "a",
      [Self.operation(1, module: 2, output: #"[{"i":1}]"#), Self.operation(2, module: 2, output: #"[{"i":2}]"#)])
    let after = Self.execution(
      "b",
      [Self.operation(1, module: 2, output: #"[{"i":1}]"#), Self.operation(2, module: 2, output: #"[{"i":3}]"#)])
    let step = try #require(ExecutionComparison(before: before, after: after).steps.only)
    #expect(step.occurrence == 2)
    #expect(step.changes == [.init(part: "output", path: "[0].i", before: .int(2), after: .int(3))])
  }
}

extension Array {
  fileprivate var only: Element? { count == 1 ? first : nil }
}
