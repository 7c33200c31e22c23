import Foundation
import History
import SQLiteHistory
import SonarflowTesting
import Testing

/// serve's durable queue and poll state in the history file.
@Suite struct WebhookQueueTests {
  let folder: URL
  let path: String

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("queue-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    path = folder.appendingPathComponent("history.sqlite").path
  }

  private func delivery(_ id: String, key: String, at date: Date = Date()) -> QueuedDelivery {
    QueuedDelivery(id: id, hook: "orders", dedupeKey: key, body: #"{"n":1}"#, receivedAt: date)
  }

  @Test func aDuplicateKeyIsNotStoredTwice() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: path)
    #expect(try await store.enqueue(delivery("a", key: "uuid:1")))
    #expect(try await store.enqueue(delivery("b", key: "uuid:1")) == false)
    #expect(try await store.enqueue(delivery("c", key: "uuid:2")))
    #expect(try await store.pendingDeliveries(limit: 10).map(\.id) == ["a", "c"])
    #expect(try await store.pendingDeliveryCount() == 2)
  }

  /// The keys live in memory while serving; a restarted server (or a store that did not claim
  /// serving) reads them back from the queue, so a retry after a restart is still a duplicate.
  @Test func keysAreReadBackFromTheQueueAfterARestart() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
      let store = try SQLiteHistory(path: path)
      try store.claimServing()
      #expect(try await store.enqueue(delivery("a", key: "uuid:1")))
      // The first server's process ends: its claim goes with it (a deinit may come later).
      store.releaseServing()
    }
    do {
      let restarted = try SQLiteHistory(path: path)
      try restarted.claimServing()
      #expect(try await restarted.enqueue(delivery("b", key: "uuid:1")) == false)
      #expect(
        try await restarted.enqueue(
          QueuedDelivery(id: "c", hook: "refunds", dedupeKey: "uuid:1", body: "{}", receivedAt: Date())),
        "the same key on another hook is another delivery")
    }
    let unclaimed = try SQLiteHistory(path: path)
    #expect(try await unclaimed.enqueue(delivery("d", key: "uuid:1")) == false)
    #expect(try await unclaimed.pendingDeliveries(limit: 10).map(\.id) == ["a", "c"])
  }

  @Test func finishingRecordsTheExecutionAndCompletesTheDeliveryTogether() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: path)
    _ = try await store.enqueue(delivery("a", key: "k1"))
    _ = try await store.enqueue(delivery("b", key: "k2"))
    try await store.finish(HistoryStoreConformance.sampleRecord(id: "a"), completingDelivery: "a")
    #expect(try await store.pendingDeliveries(limit: 10).map(\.id) == ["b"])
    #expect(try await store.execution(id: "a") != nil)
    // Reopened (as after a crash): still only b pending, and a's key still de-duplicates.
    let reopened = try SQLiteHistory(path: path)
    #expect(try await reopened.pendingDeliveries(limit: 10).map(\.id) == ["b"])
    #expect(try await reopened.enqueue(delivery("a2", key: "k1")) == false)
    // Past the window, the done delivery is forgotten and its key accepted again.
    #expect(try await reopened.pruneDeliveries(doneBefore: Date().addingTimeInterval(60)) == 1)
    #expect(try await reopened.enqueue(delivery("a3", key: "k1")))
  }

  /// Once the execution holds the trigger bundle, the queue keeps only what de-duplication needs:
  /// the body is dropped in the same transaction; a pending delivery keeps its body.
  @Test func finishingDropsTheDeliveryBody() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: path)
    _ = try await store.enqueue(delivery("a", key: "k1"))
    _ = try await store.enqueue(delivery("b", key: "k2"))
    var record = HistoryStoreConformance.sampleRecord(id: "a")
    record.triggerBundle = Data(#"{"n":1}"#.utf8)
    try await store.finish(record, completingDelivery: "a")
    let rows = try SQLiteScript.run(
      "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT group_concat(id || \"=\" || body || \"/\" || done, \" \") FROM (SELECT * FROM webhook_queue ORDER BY id)').fetchone()[0])",
      on: path)
    #expect(rows == #"a=/1 b={"n":1}/0"#)
    #expect(try await store.execution(id: "a")?.triggerBundle == record.triggerBundle)
    #expect(try await store.enqueue(delivery("a2", key: "k1")) == false)
  }

  @Test func pollStateIsSavedWithItsExecution() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: path)
    #expect(try await store.pollState(key: "feed") == nil)
    let state = PollState(key: "feed", seenIDs: ["1", "2"], updatedAt: Date(timeIntervalSince1970: 1_000))
    try await store.finish(HistoryStoreConformance.sampleRecord(id: "p"), savingPoll: state)
    #expect(try await store.pollState(key: "feed")?.seenIDs == ["1", "2"])
    #expect(try await store.execution(id: "p") != nil)
    try await store.finish(nil, savingPoll: PollState(key: "feed", seenIDs: ["1", "2", "3"], updatedAt: Date()))
    #expect(try await store.pollState(key: "feed")?.seenIDs == ["1", "2", "3"])
  }
}
