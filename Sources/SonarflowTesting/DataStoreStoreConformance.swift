import Basics
package import History

/// The behaviour every ``DataStoreStore`` must have, checked against a real store: SQLite and
/// PostgreSQL run the same checks. Each check gets two store instances on one database, as two
/// runners (or a runner and the CLI) have.
package struct DataStoreStoreConformance: Sendable {
  package enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
    case putsAndGetsFieldsInOrder
    case putWithoutOverwriteRefusesAnExistingKey
    case mergeKeepsOtherFieldsAndInsertsMissingRecords
    case deletesOneRecordOrAllOfOneStore
    case countsAndListsStores
    case refusesWritesPastTheSizeLimit
    case appliesABatchWholeOrNotAtAll
    case concurrentMergesFromTwoStoresLoseNoUpdate
    case otherStoreInstancesSeeCommittedRecords

    package var description: String { rawValue }
  }

  /// What a check found wrong.
  package struct Failure: Error, CustomStringConvertible {
    package var check: Check
    package var mismatches: [String]
    package var description: String { "\(check): " + mismatches.joined(separator: "; ") }
  }

  /// Runs the body with two store instances on one fresh, empty database.
  package var withStores:
    @Sendable (@escaping @Sendable (any DataStoreStore, any DataStoreStore) async throws -> Void) async throws -> Void

  package init(
    withStores:
      @escaping @Sendable (@escaping @Sendable (any DataStoreStore, any DataStoreStore) async throws -> Void)
      async throws -> Void
  ) {
    self.withStores = withStores
  }

  package func run(_ check: Check) async throws {
    try await withStores { store, other in
      let mismatches = try await Self.mismatches(check, store: store, other: other)
      if !mismatches.isEmpty { throw Failure(check: check, mismatches: mismatches) }
    }
  }

  private static func fields(_ pairs: [(String, JSONValue)]) -> JSONObject { JSONObject(pairs) }

  private static func mismatches(
    _ check: Check, store: any DataStoreStore, other: any DataStoreStore
  ) async throws -> [String] {
    var mismatches: [String] = []
    func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
      if !condition { mismatches.append(message()) }
    }
    switch check {
    case .putsAndGetsFieldsInOrder:
      let record = fields([
        ("zeta", "last"), ("alpha", 1), ("nested", .object(JSONObject([("b", true), ("a", .null)]))),
      ])
      try await store.apply(
        [
          .put(store: "s", key: "k2", fields: record, overwrite: true),
          .put(store: "s", key: "k1", fields: fields([("n", 2.5)]), overwrite: true),
        ], limits: .none)
      let found = try await store.record("k2", in: "s")
      expect(found?.fields == record, "k2 read back as \(String(describing: found?.fields))")
      expect(found?.fields.keys == ["zeta", "alpha", "nested"], "field order \(found?.fields.keys ?? [])")
      expect(try await store.record("k2", in: "other") == nil, "a record was found in another store")
      expect(try await store.record("missing", in: "s") == nil, "a missing key was found")
      let keys = try await store.records(in: "s").map(\.key)
      expect(keys == ["k1", "k2"], "records by key \(keys)")

    case .putWithoutOverwriteRefusesAnExistingKey:
      try await store.apply([.put(store: "s", key: "k", fields: fields([("v", 1)]), overwrite: false)], limits: .none)
      do {
        try await store.apply([.put(store: "s", key: "k", fields: fields([("v", 2)]), overwrite: false)], limits: .none)
        mismatches.append("a second add without overwrite was accepted")
      } catch let error as DataStoreError {
        expect(error == .duplicateKey(store: "s", key: "k"), "error \(error)")
      }
      expect(try await store.record("k", in: "s")?.fields == fields([("v", 1)]), "the first record was changed")
      try await store.apply([.put(store: "s", key: "k", fields: fields([("w", 3)]), overwrite: true)], limits: .none)
      expect(try await store.record("k", in: "s")?.fields == fields([("w", 3)]), "overwrite did not replace")

    case .mergeKeepsOtherFieldsAndInsertsMissingRecords:
      try await store.apply([.merge(store: "s", key: "k", fields: fields([("a", 1), ("b", 2)]))], limits: .none)
      try await store.apply([.merge(store: "s", key: "k", fields: fields([("b", 20), ("c", 30)]))], limits: .none)
      let merged = try await store.record("k", in: "s")?.fields
      expect(merged == fields([("a", 1), ("b", 20), ("c", 30)]), "merged \(String(describing: merged))")

    case .deletesOneRecordOrAllOfOneStore:
      try await store.apply(
        [
          .put(store: "s", key: "a", fields: fields([]), overwrite: true),
          .put(store: "s", key: "b", fields: fields([]), overwrite: true),
          .put(store: "t", key: "a", fields: fields([]), overwrite: true),
        ], limits: .none)
      try await store.apply([.delete(store: "s", key: "a"), .delete(store: "s", key: "never")], limits: .none)
      expect(try await store.records(in: "s").map(\.key) == ["b"], "delete removed the wrong records")
      try await store.apply([.deleteAll(store: "s")], limits: .none)
      expect(try await store.count(in: "s") == 0, "delete all left records")
      expect(try await store.count(in: "t") == 1, "delete all reached another store")

    case .countsAndListsStores:
      try await store.apply(
        [
          .put(store: "b", key: "k", fields: fields([("v", "xy")]), overwrite: true),
          .put(store: "a", key: "k1", fields: fields([]), overwrite: true),
          .put(store: "a", key: "k2", fields: fields([]), overwrite: true),
        ], limits: .none)
      expect(try await store.count(in: "a") == 2, "count of a")
      let summaries = try await store.dataStores()
      // Bytes: key plus the fields as compact JSON ("k" + {"v":"xy"} = 1 + 10).
      expect(
        summaries == [
          DataStoreSummary(name: "a", records: 2, bytes: 2 + 2 + 2 + 2),
          DataStoreSummary(name: "b", records: 1, bytes: 11),
        ], "stores \(summaries)")

    case .refusesWritesPastTheSizeLimit:
      let limits = DataStoreLimits(maxBytes: ["s": 30])
      try await store.apply(
        [.put(store: "s", key: "a", fields: fields([("v", "0123456789")]), overwrite: true)], limits: limits)
      do {
        try await store.apply(
          [.put(store: "s", key: "b", fields: fields([("v", "0123456789")]), overwrite: true)], limits: limits)
        mismatches.append("a write past the limit was accepted")
      } catch let error as DataStoreError {
        expect(error == .full(store: "s", maxBytes: 30), "error \(error)")
      }
      expect(try await store.count(in: "s") == 1, "the refused record was kept")
      try await store.apply(
        [.put(store: "t", key: "b", fields: fields([("v", "0123456789")]), overwrite: true)], limits: limits)
      expect(try await store.count(in: "t") == 1, "a store without a limit was limited")

    case .appliesABatchWholeOrNotAtAll:
      try await store.apply([.put(store: "s", key: "taken", fields: fields([]), overwrite: true)], limits: .none)
      do {
        try await store.apply(
          [
            .put(store: "s", key: "new", fields: fields([]), overwrite: true),
            .deleteAll(store: "t"),
            .put(store: "s", key: "taken", fields: fields([("v", 1)]), overwrite: false),
          ], limits: .none)
        mismatches.append("a batch with a duplicate key was accepted")
      } catch is DataStoreError {}
      expect(try await store.record("new", in: "s") == nil, "the batch's first write was kept")

    case .concurrentMergesFromTwoStoresLoseNoUpdate:
      // Two runners merge different fields into one record (missing at first) at the same time:
      // a read-modify-write that is not atomic loses some of them.
      let rounds = 40
      try await withThrowingTaskGroup(of: Void.self) { group in
        for (name, instance) in [("a", store), ("b", other)] {
          group.addTask {
            for n in 0..<rounds {
              try await instance.apply(
                [.merge(store: "s", key: "shared", fields: fields([("\(name)\(n)", .int(n))]))], limits: .none)
            }
          }
        }
        try await group.waitForAll()
      }
      let count = try await store.record("shared", in: "s")?.fields.count ?? 0
      expect(count == 2 * rounds, "\(count) of \(2 * rounds) fields survived")

    case .otherStoreInstancesSeeCommittedRecords:
      try await store.apply(
        [.put(store: "s", key: "k", fields: fields([("v", "kept")]), overwrite: true)], limits: .none)
      expect(
        try await other.record("k", in: "s")?.fields == fields([("v", "kept")]), "the other instance did not see it")
    }
    return mismatches
  }
}
