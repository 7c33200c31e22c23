import Foundation
import History
import Testing

@testable import Console

/// `/console/events` reports new executions and changed ones, nothing on the first read.
@Suite struct ExecutionChangesTests {
  @Test func newAndChangedExecutionsAreReported() {
    var changes = ExecutionChanges()
    var running = ConsoleRecords.plain(id: "a", scenario: "S", status: .running, minute: 0)
    let done = ConsoleRecords.plain(id: "b", scenario: "S", status: .success, minute: 1)
    #expect(changes.changes(in: [running, done]).isEmpty)
    #expect(changes.changes(in: [running, done]).isEmpty)
    running.status = .success
    let new = ConsoleRecords.plain(id: "c<script>", scenario: "S", status: .error, minute: 2)
    #expect(
      changes.changes(in: [new, running, done]) == [
        .init(id: "c<script>", status: "error"), .init(id: "a", status: "success"),
      ])
    #expect(
      ExecutionChanges.event(.init(id: "c\"x", status: "error"))
        == "event: execution\ndata: {\"id\":\"c\\\"x\",\"status\":\"error\"}\n\n")
  }
}
