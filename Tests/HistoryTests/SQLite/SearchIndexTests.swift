import Foundation
import GRDB
import History
import SonarflowTesting
import Testing

@testable import SQLiteHistory

/// The SQLite store's search index (a contentless FTS5 table) when one transaction writes an
/// execution twice.
@Suite struct SearchIndexTests {
  @Test func anExecutionFinishedTwiceInOneTransactionIsFoundByItsLastWriteOnly() async throws {
    let folder = try Fixture.temporaryDirectory("search-index")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
    func record(_ text: String) -> ExecutionRecord {
      var record = HistoryStoreConformance.sampleRecord(id: "twice")
      record.triggerBundle = Data(#"{"text":"\#(text)"}"#.utf8)
      return record
    }
    // Indexed once and committed, then written twice in one transaction.
    try await store.finish(record("alpha"))
    try await store.finish(all: [record("bravo"), record("charlie")])
    func found(_ text: String) async throws -> [String] {
      try await store.executions(matching: HistoryQuery(text: text)).map(\.id)
    }
    #expect(try await found("charlie") == ["twice"])
    #expect(try await found("bravo").isEmpty)
    #expect(try await found("alpha").isEmpty)
    // FTS5 checks its index against itself; a delete of entries it never held breaks it.
    try await store.pool.write { db in
      try db.execute(sql: "INSERT INTO execution_search (execution_search) VALUES ('integrity-check')")
    }
    try await store.finish(record("delta"))
    #expect(try await found("delta") == ["twice"])
    #expect(try await found("charlie").isEmpty)
  }
}
