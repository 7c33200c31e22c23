import Basics
import Foundation
import History

/// What `/console/events` reports: the store is read every ``interval`` (about a second) and each
/// execution among the newest that is new or whose status or operation count changed since the
/// previous read is one `execution` event. Polling works the same for `sonarflow console` on a
/// history written by other processes and for `serve`, at the cost of one small query a second per
/// open page.
struct ExecutionChanges: Sendable {
  struct Change: Sendable, Hashable {
    var id: String
    var status: String
  }

  private struct Seen: Hashable {
    var status: ExecutionStatus
    var operations: Int
  }

  /// How many of the newest executions are compared.
  static let window = 100

  private var seen: [String: Seen]?

  /// The changes between the previous read and `executions` (none on the first read).
  mutating func changes(in executions: [ExecutionRecord]) -> [Change] {
    let now = Dictionary(
      executions.map { ($0.id, Seen(status: $0.status, operations: $0.operations)) }, uniquingKeysWith: { a, _ in a })
    defer { seen = now }
    guard let seen else { return [] }
    return executions.compactMap { execution in
      seen[execution.id] == now[execution.id] ? nil : Change(id: execution.id, status: execution.status.rawValue)
    }
  }

  /// One server-sent event.
  static func event(_ change: Change) -> String {
    var writer = JSONWriter()
    writer.beginObject()
    writer.key("id")
    writer.string(change.id)
    writer.key("status")
    writer.string(change.status)
    writer.endObject()
    return "event: execution\ndata: \(writer.text)\n\n"
  }
}
