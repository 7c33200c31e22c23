import Foundation
import GRDB
import History
import SonarflowTesting
import Testing

@testable import SQLiteHistory

/// The settings of the writer connection that history's write throughput depends on
/// (docs/benchmarks.md): they hold on the connection the group commits use.
@Suite struct WriterSettingsTests {
  @Test func statementJournalsStayInMemoryOnTheWriter() async throws {
    let folder = try Fixture.temporaryDirectory("writer-settings")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
    try await store.finish(HistoryStoreConformance.sampleRecord())
    // 2 is MEMORY: statement journals grow in small pieces in memory instead of a 64 KB block
    // allocated and freed by every statement that journals a page.
    #expect(try await store.write { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") } == 2)
  }
}
