import Basics
import Foundation
import GRDB
import GRDBSQLite
import History
import SonarflowTesting
import Testing

@testable import SQLiteHistory

/// `releaseCaches()`: what serve calls once a burst is over, before it trims the allocator.
@Suite struct ReleaseCachesTests {
  /// Bytes of page cache the writer connection holds.
  private func writerCache(_ store: SQLiteHistory) async throws -> Int32 {
    try await store.pool.writeWithoutTransaction { db in
      var current: Int32 = 0
      var highest: Int32 = 0
      _ = sqlite3_db_status(db.sqliteConnection, SQLITE_DBSTATUS_CACHE_USED, &current, &highest, 0)
      return current
    }
  }

  @Test func theWritersPageCacheIsEmptiedAndTheStoreWorksOn() async throws {
    let folder = try Fixture.temporaryDirectory("release-caches")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
    let text = JSONValue.string(String(repeating: "x", count: 1_000))
    for batch in 0..<40 {
      let writes = (0..<100).map { n in
        DataStoreWrite.put(store: "s", key: "\(batch)-\(n)", fields: JSONObject([("text", text)]), overwrite: true)
      }
      try await store.apply(writes, limits: .none)
    }
    let filled = try await writerCache(store)
    #expect(filled > 2_000_000, "the writer's cache holds \(filled) bytes after 4 MB of writes")

    await store.releaseCaches()

    let released = try await writerCache(store)
    #expect(released < filled / 10, "the writer's cache holds \(released) of \(filled) bytes")
    #expect(try await store.record("39-99", in: "s")?.fields["text"] == text)
    #expect(try await store.count(in: "s") == 4_000)
  }
}
