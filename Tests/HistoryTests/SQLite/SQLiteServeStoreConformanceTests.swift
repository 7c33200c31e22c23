import Foundation
import History
import SQLiteHistory
import SonarflowTesting
import Testing

/// The generic ServeStore checks (serve's queue and poll state) against real SQLite files.
@Suite struct SQLiteServeStoreConformanceTests {
  @Test(arguments: ServeStoreConformance.Check.allCases)
  func conformance(_ check: ServeStoreConformance.Check) async throws {
    let folder = try Fixture.temporaryDirectory("serve-conformance")
    defer { try? FileManager.default.removeItem(at: folder) }
    try await ServeStoreConformance {
      try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
    }.run(check)
  }
}
