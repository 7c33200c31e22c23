import Foundation
import History
import SQLiteHistory
import SonarflowTesting
import Testing

/// The conformance checker must catch broken stores, or passing it proves nothing.
@Suite struct ConformanceCheckerTests {
  /// Wraps a real store and breaks one behaviour.
  private struct BrokenStore: HistoryStore {
    enum Flaw {
      case dropsResumeState, truncatesDatesToSeconds, listsOldestFirst, ignoresRunning, keepsEverything, ignoresCursor
      case dropsExchanges, ignoresSearchText
    }
    let base: any HistoryStore
    let flaw: Flaw

    func begin(_ execution: ExecutionRecord) async throws { try await base.begin(execution) }
    func finish(_ execution: ExecutionRecord) async throws {
      var execution = execution
      switch flaw {
      case .dropsResumeState: execution.resumeState = nil
      case .truncatesDatesToSeconds:
        execution.startedAt = Date(timeIntervalSince1970: execution.startedAt.timeIntervalSince1970.rounded(.down))
      case .dropsExchanges:
        for index in execution.operationLog.indices { execution.operationLog[index].exchanges = nil }
      default: break
      }
      try await base.finish(execution)
    }
    func execution(id: String) async throws -> ExecutionRecord? { try await base.execution(id: id) }
    func executions(matching query: HistoryQuery) async throws -> [ExecutionRecord] {
      var query = query
      if flaw == .ignoresCursor { query.before = nil }
      if flaw == .ignoresSearchText { query.text = nil }
      let listed = try await base.executions(matching: query)
      return flaw == .listsOldestFirst ? listed.reversed() : listed
    }
    func markInterrupted() async throws -> Int {
      flaw == .ignoresRunning ? 0 : try await base.markInterrupted()
    }
    func prune(olderThan: Date?, keepExecutions: Int?) async throws -> Int {
      flaw == .keepsEverything ? 0 : try await base.prune(olderThan: olderThan, keepExecutions: keepExecutions)
    }
  }

  @Test(arguments: [
    (BrokenStore.Flaw.dropsResumeState, HistoryStoreConformance.Check.roundTripsEveryField),
    (.truncatesDatesToSeconds, .roundTripsEveryField),
    (.listsOldestFirst, .listsNewestFirstWithFilters),
    (.ignoresCursor, .listsUntilAndBeforeCursor),
    (.ignoresRunning, .marksRunningAsInterrupted),
    (.keepsEverything, .prunesByAge),
    (.keepsEverything, .prunesByCount),
    (.dropsExchanges, .roundTripsEveryField),
    (.ignoresSearchText, .searchFindsTermsOfBundles),
  ])
  private func catchesAFlaw(_ flaw: BrokenStore.Flaw, _ check: HistoryStoreConformance.Check) async throws {
    let folder = try Fixture.temporaryDirectory("history-broken")
    defer { try? FileManager.default.removeItem(at: folder) }
    let conformance = HistoryStoreConformance(makeStore: {
      BrokenStore(
        base: try SQLiteHistory(path: folder.appendingPathComponent("\(UUID().uuidString).sqlite").path),
        flaw: flaw)
    })
    await #expect(throws: HistoryStoreConformance.Failure.self) { try await conformance.run(check) }
  }
}
