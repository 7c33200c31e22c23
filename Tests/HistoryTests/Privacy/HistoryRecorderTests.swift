import Foundation
import History
import SQLiteHistory
import SonarflowTesting
import Testing

@Suite struct HistoryRecorderTests {
  let folder: URL
  let path: String
  let token = "sonar-token-6f1d2c3b4a59"

  init() throws {
    folder = try Fixture.temporaryDirectory("history-recorder")
    path = folder.appendingPathComponent("history.sqlite").path
  }

  private func record(id: String) -> ExecutionRecord {
    var record = HistoryStoreConformance.sampleRecord(id: id, operations: 2)
    record.triggerBundle = Data(#"{"phone":"+15550009999","auth":{"token":"\#(token)"}}"#.utf8)
    record.error = ErrorRecord(type: "ConnectionError", message: "401 with \(token) for +15550009999")
    record.operationLog[0].input = Data(
      #"{"headers":[{"key":"X-Token","value":"\#(token)"}],"phone":"+15550009999"}"#.utf8)
    record.resumeState = Data(#"{"bundle":{"phone":"+15550009999","t":"\#(token)"}}"#.utf8)
    return record
  }

  /// Every byte SQLite wrote: the database, its WAL and shared memory files.
  private func fileBytes() -> Data {
    ["", "-wal", "-shm"].reduce(into: Data()) { bytes, suffix in
      if let data = FileManager.default.contents(atPath: path + suffix) { bytes += data }
    }
  }

  @Test func theTokenNeverReachesTheFile() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: path)
    let recorder = HistoryRecorder(store: store, secrets: [token])
    var running = record(id: "r1")
    running.status = .running
    try await recorder.begin(running)
    try await recorder.finish(record(id: "r1"))
    let stored = try #require(try await store.execution(id: "r1"))
    #expect(stored.error?.message == "401 with [redacted] for +15550009999")
    #expect(stored.triggerBundle == Data(#"{"phone":"+15550009999","auth":{"token":"[redacted]"}}"#.utf8))
    let bytes = fileBytes()
    #expect(bytes.range(of: Data(token.utf8)) == nil)
    #expect(bytes.range(of: Data("+15550009999".utf8)) != nil, "non-confidential data is kept")
  }

  @Test func confidentialScenariosStoreNoBundleData() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: path)
    let recorder = HistoryRecorder(store: store, isConfidential: true, secrets: [token])
    try await recorder.finish(record(id: "c1"))
    let stored = try #require(try await store.execution(id: "c1"))
    #expect(stored.triggerBundle == nil)
    #expect(stored.operationLog.allSatisfy { $0.input == nil && $0.output == nil })
    #expect(stored.error == ErrorRecord(type: "ConnectionError", message: HistoryRedactor.confidentialMessage))
    #expect(
      stored.operationLog.map(\.error?.message).compactMap { $0 }.allSatisfy {
        $0 == HistoryRedactor.confidentialMessage
      })
    #expect(stored.status == .error && stored.operations == 2 && stored.operationLog.count == 2)
    // The resume state stays (redacted), so the execution can still be resumed.
    #expect(stored.resumeState == Data(#"{"bundle":{"phone":"+15550009999","t":"[redacted]"}}"#.utf8))
    // The phone number only survives inside the resume state: no other bundle is stored (bundles
    // are compressed, so their absence is what the file can show), no message holds it.
    let count = try python(
      "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(\"SELECT count(*) FROM executions WHERE trigger_bundle IS NOT NULL OR instr(coalesce(error_message,''), '+1555') > 0\").fetchone()[0] + c.execute(\"SELECT count(*) FROM operations WHERE input IS NOT NULL OR output IS NOT NULL OR exchanges IS NOT NULL OR instr(coalesce(error_message,''), '+1555') > 0\").fetchone()[0])"
    )
    #expect(count == "0")
    #expect(fileBytes().range(of: Data(token.utf8)) == nil)
  }

  @Test func retentionPrunesThroughTheStore() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: path)
    let now = HistoryStoreConformance.epoch
    for day in 0..<5 {
      try await store.finish(
        HistoryStoreConformance.sampleRecord(
          id: "d\(day)", status: .success, startedAt: now.addingTimeInterval(-Double(day) * 86_400 - 60)))
    }
    #expect(try await HistoryRetention().prune(store, now: now) == 0)
    #expect(HistoryRetention(keepDays: 2).cutoff(now: now) == now.addingTimeInterval(-2 * 86_400))
    #expect(try await HistoryRetention(keepDays: 3).prune(store, now: now) == 2)
    #expect(try await HistoryRetention(keepExecutions: 1).prune(store, now: now) == 2)
    #expect(try await store.executions(matching: HistoryQuery()).map(\.id) == ["d0"])
  }

  /// Runs SQL through Python's sqlite3 module, as an outside tool would, and returns its output.
  private func python(_ script: String) throws -> String {
    try SQLiteScript.run(script, on: path)
  }
}
