import Expressions
import Foundation
import Testing

@testable import Server

@Suite struct PollCursorTests {
  private func items(_ ids: [String]) -> [(id: String, item: Value)] {
    ids.map { (id: $0, item: Value.collection(["id": .text($0)])) }
  }

  @Test func startFromNowRecordsTheFirstPollAndEmitsOnlyNewItems() {
    var cursor = PollCursor(seenIDs: nil, start: .now, limit: 10)
    #expect(cursor.select(items(["a", "b"])).isEmpty)
    #expect(cursor.seenIDs == ["a", "b"])
    let emitted = cursor.select(items(["a", "b", "c"]))
    #expect(emitted == [Value.collection(["id": .text("c")])])
    #expect(cursor.seenIDs == ["a", "b", "c"])
  }

  @Test func startFromAllEmitsEverythingUpToTheLimitThenTheRest() {
    var cursor = PollCursor(seenIDs: nil, start: .all, limit: 2)
    #expect(cursor.select(items(["a", "b", "c"])).count == 2)
    #expect(cursor.seenIDs == ["a", "b"])
    #expect(cursor.select(items(["a", "b", "c"])) == [Value.collection(["id": .text("c")])])
    #expect(cursor.select(items(["a", "b", "c"])).isEmpty)
  }

  @Test func startFromSinceSkipsOlderItems() throws {
    let since = try #require(ISO8601DateFormatter().date(from: "2026-01-02T00:00:00Z"))
    var cursor = PollCursor(seenIDs: nil, start: .since(since, datePath: "at", timeZone: .gmt), limit: 10)
    let emitted = cursor.select([
      (id: "old", item: .collection(["at": .text("2026-01-01T00:00:00Z")])),
      (id: "new", item: .collection(["at": .text("2026-01-03T00:00:00Z")])),
    ])
    #expect(emitted.count == 1)
    #expect(cursor.seenIDs == ["new"])
  }

  @Test func remembersAtMostCapacityIDs() {
    var cursor = PollCursor(seenIDs: [], start: .all, limit: 100, capacity: 3)
    _ = cursor.select(items(["a", "b", "c", "d", "e"]))
    #expect(cursor.seenIDs == ["c", "d", "e"])
  }
}
