package import Basics
import Foundation
package import History

/// What differs between two executions, step by step: the same module's operations matched in
/// order (module 3's first operation with module 3's first, and so on), then their inputs, outputs,
/// filter decisions, errors and HTTP requests compared. Steps that ran on one side only are
/// differences too: a route taken or not, a filter that now stops the bundle.
///
/// Steps are listed in the order they ran (the first execution's order, with steps only the
/// second ran at their place in it), so the first diverging step comes first and what follows
/// from it after.
package struct ExecutionComparison: Sendable {
  /// One part of a step (or of the execution) that differs.
  package struct Change: Sendable, Hashable {
    /// What differs: `status`, `error`, `ran`, `filtered`, `input`, `output`, `requests`.
    package var part: String
    /// Where inside the part: a JSON path (`text`, `[0].first_name`), a request's field
    /// (`[0].body`); empty for the part as a whole.
    package var path: String
    package var before: JSONValue?
    package var after: JSONValue?

    package init(part: String, path: String, before: JSONValue?, after: JSONValue?) {
      self.part = part
      self.path = path
      self.before = before
      self.after = after
    }
  }

  /// One module's operation that differs.
  package struct Step: Sendable, Hashable {
    package var moduleID: Int
    package var moduleName: String
    /// The module's 1st, 2nd, … operation in its execution.
    package var occurrence: Int
    /// The operation's sequence number in each execution; nil where it did not run.
    package var beforeSequence: Int?
    package var afterSequence: Int?
    package var changes: [Change]
  }

  package let before: ExecutionRecord
  package let after: ExecutionRecord
  /// Differences of the execution as a whole (status, error).
  package let executionChanges: [Change]
  package let steps: [Step]

  package var hasDifferences: Bool { !executionChanges.isEmpty || !steps.isEmpty }

  /// Exchanges of operations already read from their JSON (a replay has the original's read to
  /// answer from them, and the replay's own from the engine), by operation sequence number on
  /// each side: the comparison takes them instead of reading the same JSON again. An operation
  /// not listed has its exchanges read from its record.
  package struct KnownExchanges: Sendable {
    package var before: [Int: [HTTPExchange]] = [:]
    package var after: [Int: [HTTPExchange]] = [:]

    package init(before: [Int: [HTTPExchange]] = [:], after: [Int: [HTTPExchange]] = [:]) {
      self.before = before
      self.after = after
    }
  }

  /// - Parameter known: exchanges of operations of `before` and `after` already read, which must
  ///   be what their records' `exchanges` JSON holds.
  package init(before: ExecutionRecord, after: ExecutionRecord, known: KnownExchanges = KnownExchanges()) {
    self.before = before
    self.after = after
    var execution: [Change] = []
    if before.status != after.status {
      execution.append(
        Change(part: "status", path: "", before: .string(before.status.rawValue), after: .string(after.status.rawValue))
      )
    }
    execution += Self.errorChanges(before.error, after.error)
    executionChanges = execution
    steps = Self.steps(before.operationLog, after.operationLog, known: known)
  }

  private struct Key: Hashable {
    var moduleID: Int
    var occurrence: Int
  }

  private static func keyed(_ operations: [OperationRecord]) -> [(key: Key, operation: OperationRecord)] {
    var seen: [Int: Int] = [:]
    return operations.map { operation in
      seen[operation.moduleID, default: 0] += 1
      return (Key(moduleID: operation.moduleID, occurrence: seen[operation.moduleID] ?? 1), operation)
    }
  }

  private static func steps(
    _ before: [OperationRecord], _ after: [OperationRecord], known: KnownExchanges
  ) -> [Step] {
    let left = keyed(before)
    let right = keyed(after)
    let rightByKey = Dictionary(right.map { ($0.key, $0.operation) }, uniquingKeysWith: { first, _ in first })
    let leftKeys = Set(left.map(\.key))
    var steps: [Step] = []
    var rightIndex = 0
    /// The second execution's steps that the first lacks, up to (not including) `key`'s place.
    func flushOnlyAfter(until key: Key?) {
      while rightIndex < right.count {
        let (rightKey, operation) = right[rightIndex]
        if let key, rightKey == key { return }
        rightIndex += 1
        if leftKeys.contains(rightKey) { continue }
        steps.append(
          Step(
            moduleID: operation.moduleID, moduleName: operation.moduleName, occurrence: rightKey.occurrence,
            beforeSequence: nil, afterSequence: operation.sequence,
            changes: [Change(part: "ran", path: "", before: .bool(false), after: .bool(true))]))
      }
    }
    for (key, operation) in left {
      guard let other = rightByKey[key] else {
        steps.append(
          Step(
            moduleID: operation.moduleID, moduleName: operation.moduleName, occurrence: key.occurrence,
            beforeSequence: operation.sequence, afterSequence: nil,
            changes: [Change(part: "ran", path: "", before: .bool(true), after: .bool(false))]))
        continue
      }
      flushOnlyAfter(until: key)
      if rightIndex < right.count, right[rightIndex].key == key { rightIndex += 1 }
      let changes = compare(operation, other, known: known)
      if !changes.isEmpty {
        steps.append(
          Step(
            moduleID: operation.moduleID, moduleName: operation.moduleName, occurrence: key.occurrence,
            beforeSequence: operation.sequence, afterSequence: other.sequence, changes: changes))
      }
    }
    flushOnlyAfter(until: nil)
    return steps
  }

  private static func compare(
    _ before: OperationRecord, _ after: OperationRecord, known: KnownExchanges
  ) -> [Change] {
    var changes: [Change] = []
    if before.isFiltered != after.isFiltered {
      changes.append(
        Change(part: "filtered", path: "", before: .bool(before.isFiltered), after: .bool(after.isFiltered)))
    }
    for (part, left, right) in [("input", before.input, after.input), ("output", before.output, after.output)]
    where left != right {
      // The same bytes are the same JSON: only different ones are read and compared.
      for difference in JSONDifference.between(json(left), json(right)) {
        changes.append(Change(part: part, path: difference.path, before: difference.before, after: difference.after))
      }
    }
    changes += errorChanges(before.error, after.error)
    let leftRequests = known.before[before.sequence].map(requests(_:)) ?? requests(before.exchanges)
    let rightRequests = known.after[after.sequence].map(requests(_:)) ?? requests(after.exchanges)
    for difference in JSONDifference.between(.array(leftRequests), .array(rightRequests)) {
      changes.append(
        Change(part: "requests", path: difference.path, before: difference.before, after: difference.after))
    }
    return changes
  }

  private static func errorChanges(_ before: ErrorRecord?, _ after: ErrorRecord?) -> [Change] {
    func value(_ error: ErrorRecord?) -> JSONValue? {
      error.map { .object(JSONObject([("type", .string($0.type)), ("message", .string($0.message))])) }
    }
    return JSONDifference.between(value(before), value(after)).map {
      Change(part: "error", path: $0.path, before: $0.before, after: $0.after)
    }
  }

  /// What of a request decides what it does: method, path and query (not the host, which differs
  /// between Sonar, a recording and the emulator), body, and the status answered.
  ///
  /// Read straight from the stored list's JSON, as ``HTTPExchange/init(json:)`` reads these fields
  /// (an item without a method or a URL is no exchange), without making the headers and the
  /// answer's body of an `HTTPExchange` that the comparison does not look at.
  private static func requests(_ data: Data?) -> [JSONValue] {
    guard let data, case .array(let items)? = try? JSONParser.parse(Array(data)) else { return [] }
    return items.compactMap { item in
      guard let exchange = item.objectValue, let method = exchange["method"]?.stringValue,
        let url = exchange["url"]?.stringValue
      else { return nil }
      return request(
        method: method, url: url, body: exchange["requestBody"]?.stringValue,
        status: exchange["status"]?.stringValue.flatMap { Int($0) })
    }
  }

  /// The same of exchanges already read.
  private static func requests(_ exchanges: [HTTPExchange]) -> [JSONValue] {
    exchanges.map { request(method: $0.method, url: $0.url, body: $0.requestBody, status: $0.status) }
  }

  private static func request(method: String, url: String, body: String?, status: Int?) -> JSONValue {
    .object(
      JSONObject([
        ("method", .string(method)), ("path", .string(HTTPExchange.pathAndQuery(of: url))),
        ("body", body.map(JSONValue.string) ?? .null), ("status", status.map(JSONValue.int) ?? .null),
      ]))
  }

  private static func json(_ data: Data?) -> JSONValue? {
    guard let data else { return nil }
    return try? JSONParser.parse(Array(data))
  }
}
