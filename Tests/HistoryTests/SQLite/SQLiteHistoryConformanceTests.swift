import Foundation
import History
import SQLiteHistory
import SonarflowTesting
import Testing

/// The generic HistoryStore checks, against real SQLite files; `reopen` opens the file anew, so
/// every read-back also proves the data reached the file.
@Suite struct SQLiteHistoryConformanceTests {
  let folder: URL
  let conformance: HistoryStoreConformance

  init() throws {
    let folder = try Fixture.temporaryDirectory("history-conformance")
    self.folder = folder
    conformance = HistoryStoreConformance(
      makeStore: {
        try SQLiteHistory(path: folder.appendingPathComponent("\(UUID().uuidString).sqlite").path)
      },
      reopen: { store in
        guard let store = store as? SQLiteHistory else { throw NotSQLite() }
        return try SQLiteHistory(path: store.path)
      },
      upgrade: { records, body in
        let path = folder.appendingPathComponent("\(UUID().uuidString).sqlite").path
        try EarlierHistoryFormat.createSQLite(path: path, records: records)
        try await body(try SQLiteHistory(path: path))
      })
  }

  private struct NotSQLite: Error {}

  @Test(arguments: HistoryStoreConformance.Check.allCases)
  func conformance(_ check: HistoryStoreConformance.Check) async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    try await conformance.run(check)
  }

  @Test func normalDurabilityPassesToo() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let normal = HistoryStoreConformance(
      makeStore: { [folder] in
        try SQLiteHistory(
          path: folder.appendingPathComponent("\(UUID().uuidString).sqlite").path,
          durability: .normal, maxBatchSize: 7)
      })
    try await normal.run(.roundTripsEveryField)
    try await normal.run(.concurrentFinishesAreAllDurable)
  }
}
