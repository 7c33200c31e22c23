import Basics
import Foundation
import History
import SQLiteHistory
import SonarflowTesting
import Testing

/// The generic DataStoreStore checks against real SQLite files: two store instances on one file,
/// as two processes have.
@Suite struct SQLiteDataStoreConformanceTests {
  @Test(arguments: DataStoreStoreConformance.Check.allCases)
  func conformance(_ check: DataStoreStoreConformance.Check) async throws {
    let folder = try Fixture.temporaryDirectory("datastore-conformance")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("history.sqlite").path
    try await DataStoreStoreConformance { body in
      let first = try SQLiteHistory(path: path)
      let second = try SQLiteHistory(path: path)
      try await body(first, second)
    }.run(check)
  }

  @Test func recordsSurviveReopeningTheFile() async throws {
    let folder = try Fixture.temporaryDirectory("datastore-reopen")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("history.sqlite").path
    do {
      let store = try SQLiteHistory(path: path)
      try await store.apply([.merge(store: "s", key: "k", fields: JSONObject([("v", 1)]))], limits: .none)
    }
    let reopened = try SQLiteHistory(path: path)
    #expect(try await reopened.record("k", in: "s")?.fields == JSONObject([("v", 1)]))
  }
}
