import Foundation
import GRDB
import History
import SonarflowTesting
import Testing

@testable import SQLiteHistory

/// The SQLite store's search index (a contentless FTS5 table): an execution written twice in one
/// transaction, every way executions are deleted or replaced, and the migration that stopped
/// keeping each execution's term hashes. After each step the index is compared with what the
/// executions stored (``indexMismatches(_:vocabulary:)``).
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
    let vocabulary = Set(["alpha", "bravo", "charlie", "delta"].flatMap { SearchTerms.hashes(of: record($0)) })
    // Indexed once and committed, then written twice in one transaction.
    try await store.finish(record("alpha"))
    try await store.finish(all: [record("bravo"), record("charlie")])
    func found(_ text: String) async throws -> [String] {
      try await store.executions(matching: HistoryQuery(text: text)).map(\.id)
    }
    #expect(try await found("charlie") == ["twice"])
    #expect(try await found("bravo").isEmpty)
    #expect(try await found("alpha").isEmpty)
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])
    try await store.finish(record("delta"))
    #expect(try await found("delta") == ["twice"])
    #expect(try await found("charlie").isEmpty)
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])
  }

  /// Every way executions leave the SQLite store — pruning by age and by count, deleting
  /// incomplete ones (`history delete`, the console), replacing one by finishing it again — tells
  /// the index to delete exactly what it holds, and the executions are no longer found.
  @Test func everyDeletionLeavesTheIndexConsistent() async throws {
    let folder = try Fixture.temporaryDirectory("search-index")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
    var vocabulary: Set<Int64> = []
    func record(_ id: String, word: String, status: ExecutionStatus = .success, day: Double) -> ExecutionRecord {
      var record = HistoryStoreConformance.sampleRecord(
        id: id, status: status, startedAt: HistoryStoreConformance.epoch.addingTimeInterval(86_400 * day))
      record.triggerBundle = Data(#"{"text":"\#(word) shared","phone":"+1555\#(Int(day))"}"#.utf8)
      record.operationLog[0].input = Data(#"{"to":"\#(word)-input"}"#.utf8)
      vocabulary.formUnion(SearchTerms.hashes(of: record))
      return record
    }
    for (day, word) in ["alpha", "bravo", "charlie", "delta", "echo"].enumerated() {
      try await store.finish(record(word, word: word, day: Double(day)))
    }
    try await store.finish(record("foxtrot", word: "foxtrot", status: .incomplete, day: 5))
    func found(_ text: String) async throws -> [String] {
      try await store.executions(matching: HistoryQuery(text: text)).map(\.id).sorted()
    }
    #expect(try await found("shared") == ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"])
    #expect(try await found("alpha-input") == ["alpha"])
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])

    let aDayIn = HistoryStoreConformance.epoch.addingTimeInterval(3_600)
    #expect(try await store.prune(olderThan: aDayIn, keepExecutions: nil) == 1)
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])
    #expect(try await found("shared") == ["bravo", "charlie", "delta", "echo", "foxtrot"])
    #expect(try await found("alpha").isEmpty)

    #expect(try await store.prune(olderThan: nil, keepExecutions: 3) == 2)
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])
    #expect(try await found("shared") == ["delta", "echo", "foxtrot"])

    #expect(try await store.deleteIncomplete(ids: ["foxtrot"], at: Date()) == 1)
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])
    #expect(try await found("foxtrot-input").isEmpty)

    try await store.finish(record("echo", word: "golf", day: 4))
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])
    #expect(try await found("echo").isEmpty)
    #expect(try await found("golf-input") == ["echo"])
    #expect(try await found("shared") == ["delta", "echo"])

    // The newest execution deleted, its `seq` is taken again by the next one.
    #expect(try await store.prune(olderThan: nil, keepExecutions: 0) == 2)
    try await store.finish(record("hotel", word: "hotel", day: 6))
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])
    #expect(try await found("shared") == ["hotel"])
    #expect(try await found("golf").isEmpty)
  }

  /// The check the other tests rely on catches the corruption they guard against: a delete by
  /// other terms than those indexed (which FTS5's own integrity check lets pass).
  @Test func theCheckCatchesADeleteByOtherTerms() async throws {
    let folder = try Fixture.temporaryDirectory("search-index")
    defer { try? FileManager.default.removeItem(at: folder) }
    let (store, _, vocabulary) = try await storeWithOneExecution(in: folder)
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])
    try await store.pool.write { db in
      let seq = try #require(try Int64.fetchOne(db, sql: "SELECT seq FROM executions WHERE id = 'one'"))
      try SearchIndex.remove(seq: seq, terms: SearchTerms.hashes(ofQuery: "never indexed"), db: db)
      try db.execute(sql: "DELETE FROM executions WHERE seq = ?", arguments: [seq])
    }
    #expect(try await indexMismatches(store, vocabulary: vocabulary).count == vocabulary.count)
  }

  /// The terms recomputed from what an execution stored are those it was indexed by, whatever
  /// its bundles hold (escapes, other scripts, a phone number's two forms, bundles left out).
  @Test func termsRecomputedFromTheStoredBundlesAreTheIndexedOnes() async throws {
    let folder = try Fixture.temporaryDirectory("search-index")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
    var record = HistoryStoreConformance.sampleRecord(id: "one", operations: 4)
    record.triggerBundle = Data(#"{"t":"caf\u00e9 東京 +15551234567 ORD-7","n":null}"#.utf8)
    record.operationLog[1].input = nil
    try await store.finish(record)
    let recomputed = try await store.pool.read { db in try SearchIndex.storedTerms(executionID: "one", db: db) }
    #expect(recomputed == SearchTerms.hashes(of: record))
    #expect(recomputed.contains(SearchTerms.hash("café")))
  }

  /// A finished record given to `begin` (its operations are not written) is not indexed: its
  /// entries could not be recomputed from what it stored.
  @Test func aFinishedRecordBegunIsNotIndexed() async throws {
    let folder = try Fixture.temporaryDirectory("search-index")
    defer { try? FileManager.default.removeItem(at: folder) }
    var (store, record, vocabulary) = try await storeWithOneExecution(in: folder)
    record.operationLog[0].input = Data(#"{"to":"begun"}"#.utf8)
    try await store.begin(record)
    #expect(try await indexMismatches(store, vocabulary: vocabulary.union(SearchTerms.hashes(of: record))) == [])
    #expect(try await store.executions(matching: HistoryQuery(text: "begun")).isEmpty)
    #expect(try await store.prune(olderThan: nil, keepExecutions: 0) == 1)
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])
  }

  /// Migration `v13-recomputed-search-terms` on a v12 file: indexed executions are still found
  /// and can be deleted and replaced with the index kept consistent; one indexed by other terms
  /// than today's extraction gives is re-indexed by today's; executions recorded without entries
  /// (running, confidential) stay without.
  @Test func aV12FileIsCarriedForward() async throws {
    let folder = try Fixture.temporaryDirectory("search-index")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("history.sqlite").path
    var vocabulary = Set(SearchTerms.hashes(ofQuery: "stale"))
    func record(_ id: String, word: String, status: ExecutionStatus = .success, day: Double) -> ExecutionRecord {
      var record = HistoryStoreConformance.sampleRecord(
        id: id, status: status, startedAt: HistoryStoreConformance.epoch.addingTimeInterval(86_400 * day))
      record.triggerBundle = Data(#"{"text":"\#(word) shared"}"#.utf8)
      vocabulary.formUnion(SearchTerms.hashes(of: record))
      return record
    }
    var confidential = record("confidential", word: "hidden", day: 4)
    confidential.triggerBundle = nil
    for index in confidential.operationLog.indices {
      confidential.operationLog[index].input = nil
      confidential.operationLog[index].output = nil
    }
    let skewed = record("skewed", word: "kilo", day: 3)
    try EarlierHistoryFormat.createSQLiteAtV12(
      path: path,
      records: [
        record("alpha", word: "alpha", day: 0), record("bravo", word: "bravo", day: 1),
        record("running", word: "lima", status: .running, day: 2), skewed, confidential,
      ],
      indexedTerms: ["skewed": (SearchTerms.hashes(of: skewed) + SearchTerms.hashes(ofQuery: "stale")).sorted()])

    let store = try SQLiteHistory(path: path)
    #expect(try await store.appliedMigrations().last == "v13-recomputed-search-terms")
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])
    let indexed = try await store.pool.read { db in
      try String.fetchAll(db, sql: "SELECT id FROM executions WHERE is_indexed ORDER BY id")
    }
    #expect(indexed == ["alpha", "bravo", "skewed"])
    func found(_ text: String) async throws -> [String] {
      try await store.executions(matching: HistoryQuery(text: text)).map(\.id).sorted()
    }
    #expect(try await found("shared") == ["alpha", "bravo", "skewed"])
    #expect(try await found("kilo") == ["skewed"])
    #expect(try await found("stale").isEmpty)

    let aDayIn = HistoryStoreConformance.epoch.addingTimeInterval(3_600)
    #expect(try await store.prune(olderThan: aDayIn, keepExecutions: nil) == 1)
    try await store.finish(record("skewed", word: "mike", day: 3))
    try await store.finish(record("running", word: "lima", day: 2))
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])
    #expect(try await found("shared") == ["bravo", "running", "skewed"])
    #expect(try await found("kilo").isEmpty)
    #expect(try await found("mike") == ["skewed"])
    #expect(try await store.prune(olderThan: nil, keepExecutions: 0) == 4)
    #expect(try await indexMismatches(store, vocabulary: vocabulary) == [])
    #expect(try await found("shared").isEmpty)
  }

  /// A store in `folder` holding one finished execution (id `one`), with the execution and its
  /// terms.
  private func storeWithOneExecution(in folder: URL) async throws -> (SQLiteHistory, ExecutionRecord, Set<Int64>) {
    let store = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
    let record = HistoryStoreConformance.sampleRecord(id: "one")
    try await store.finish(record)
    return (store, record, Set(SearchTerms.hashes(of: record)))
  }

  /// What the index holds that it should not, or lacks: every term of `vocabulary` (and of every
  /// indexed execution) must find exactly the indexed executions whose stored bundles hold it.
  /// FTS5's own `integrity-check` runs first, but it checks the index against itself only: it
  /// does not notice a delete by other terms than those indexed, which leaves the indexed ones
  /// behind, to be found under a `seq` a later execution may take again.
  private func indexMismatches(_ store: SQLiteHistory, vocabulary: Set<Int64>) async throws -> [String] {
    try await store.pool.write { db in
      try db.execute(sql: "INSERT INTO execution_search (execution_search) VALUES ('integrity-check')")
      var holders: [Int64: Set<Int64>] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT seq, id FROM executions WHERE is_indexed") {
        for term in try SearchIndex.storedTerms(executionID: row["id"], db: db) {
          holders[term, default: []].insert(row["seq"])
        }
      }
      var mismatches: [String] = []
      for term in vocabulary.union(holders.keys).sorted() {
        let found = Set(
          try Int64.fetchAll(
            db, sql: "SELECT rowid FROM execution_search WHERE execution_search MATCH ?",
            arguments: [SearchIndex.match([term])]))
        let expected = holders[term] ?? []
        if found != expected { mismatches.append("term \(term): index \(found.sorted()), stored \(expected.sorted())") }
      }
      return mismatches
    }
  }
}
