import Basics
import DataStoreModules
import Engine
import Expressions
import History
import Testing

/// Every Data store module through the engine, on SQLite and PostgreSQL.
@Suite(.serialized) struct DataStoreRunnerTests {
  private let modules = """
    name: t
    trigger: { module: webhook.custom, params: { webhookName: t } }
    flow:
      - { id: 2, module: datastore.addRecord, params: { store: people }, map: { key: "{{1.key}}", record: { name: "{{1.name}}", visits: 1 } } }
      - { id: 3, module: datastore.updateRecord, params: { store: people }, map: { key: "{{1.key}}", record: { visits: 2 } } }
      - { id: 4, module: datastore.getRecord, params: { store: people }, map: { key: "{{1.key}}" } }
      - { id: 5, module: datastore.recordExists, params: { store: people }, map: { key: "{{1.key}}" } }
      - { id: 6, module: datastore.getRecord, params: { store: people }, map: { key: missing } }
      - { id: 7, module: datastore.countRecords, params: { store: people } }
    """

  @Test(arguments: Database.available)
  func writesReadsAndCounts(_ database: Database) async throws {
    try await database.withStores { store, _ in
      let result = await engine(store).run(try compile(modules), triggerBundles: [["key": "ann", "name": "Ann"]])
      #expect(result.status == .success, "\(String(describing: result.error))")
      #expect(output(of: 2, in: result) == ["key": "ann", "data": ["name": "Ann", "visits": 1]])
      #expect(output(of: 3, in: result) == ["key": "ann", "data": ["name": "Ann", "visits": 2]])
      #expect(output(of: 4, in: result) == ["name": "Ann", "visits": 2])
      #expect(output(of: 5, in: result) == ["exists": true])
      // Get a record on a missing key: one empty bundle, the flow goes on.
      #expect(output(of: 6, in: result) == .collection([:]))
      #expect(output(of: 7, in: result) == ["count": 1])
      let stored = try await store.record("ann", in: "people")?.fields
      #expect(stored == JSONObject([("name", "Ann"), ("visits", 2)]))
    }
  }

  @Test(arguments: Database.available)
  func addWithoutOverwriteFailsWithDuplicateDataError(_ database: Database) async throws {
    try await database.withStores { store, _ in
      try await store.apply(
        [.put(store: "s", key: "k", fields: JSONObject([("v", 1)]), overwrite: true)], limits: .none)
      let scenario = try compile(
        """
        name: t
        trigger: { module: webhook.custom, params: { webhookName: t } }
        flow:
          - { id: 2, module: datastore.addRecord, params: { store: s }, map: { key: k, overwrite: false, record: { v: 2 } } }
        """)
      let result = await engine(store).run(scenario, triggerBundles: [[:]])
      #expect(result.status == .error)
      #expect(result.error?.type == .duplicateDataError)
      #expect(try await store.record("k", in: "s")?.fields == JSONObject([("v", 1)]))
    }
  }

  @Test(arguments: Database.available)
  func addWithAnEmptyKeyGeneratesOne(_ database: Database) async throws {
    try await database.withStores { store, _ in
      let scenario = try compile(
        """
        name: t
        trigger: { module: webhook.custom, params: { webhookName: t } }
        flow:
          - { id: 2, module: datastore.addRecord, params: { store: s }, map: { record: { v: 1 } } }
        """)
      let result = await engine(store).run(scenario, triggerBundles: [[:]])
      let key = try #require(output(of: 2, in: result)?.value(at: [.key("key")]))
      guard case .text(let text) = key else { Issue.record("key \(key)"); return }
      #expect(text.count == 36)
      #expect(try await store.record(text, in: "s") != nil)
    }
  }

  @Test(arguments: Database.available)
  func searchFiltersSortsAndLimits(_ database: Database) async throws {
    try await database.withStores { store, _ in
      var writes: [DataStoreWrite] = []
      for (key, age, city) in [("a", 30, "Oslo"), ("b", 25, "Rome"), ("c", 41, "Oslo"), ("d", 35, "Oslo")] {
        writes.append(
          .put(
            store: "s", key: key, fields: JSONObject([("age", .int(age)), ("city", .string(city))]), overwrite: true))
      }
      try await store.apply(writes, limits: .none)
      let scenario = try compile(
        """
        name: t
        trigger: { module: webhook.custom, params: { webhookName: t } }
        flow:
          - id: 2
            module: datastore.searchRecords
            params: { store: s }
            map:
              filter: [[{ a: city, o: "text:equal", b: Oslo }, { a: age, o: "number:greater", b: 29 }]]
              sort: { key: age, order: desc }
              limit: 2
          - { id: 3, module: datastore.deleteRecord, params: { store: s }, map: { key: "{{2.key}}" } }
        """)
      let result = await engine(store).run(scenario, triggerBundles: [[:]])
      #expect(result.status == .success, "\(String(describing: result.error))")
      #expect(
        outputs(of: 2, in: result) == [
          ["key": "c", "data": ["age": 41, "city": "Oslo"]], ["key": "d", "data": ["age": 35, "city": "Oslo"]],
        ])
      #expect(try await store.records(in: "s").map(\.key) == ["a", "b"])
    }
  }

  @Test(arguments: Database.available)
  func deleteAllEmptiesOnlyItsStore(_ database: Database) async throws {
    try await database.withStores { store, _ in
      try await store.apply(
        [
          .put(store: "s", key: "a", fields: JSONObject(), overwrite: true),
          .put(store: "t", key: "a", fields: JSONObject(), overwrite: true),
        ], limits: .none)
      let scenario = try compile(
        """
        name: t
        trigger: { module: webhook.custom, params: { webhookName: t } }
        flow:
          - { id: 2, module: datastore.deleteAllRecords, params: { store: s } }
          - { id: 3, module: datastore.countRecords, params: { store: s } }
        """)
      let result = await engine(store).run(scenario, triggerBundles: [[:]])
      #expect(output(of: 3, in: result) == ["count": 0])
      #expect(try await store.count(in: "s") == 0)
      #expect(try await store.count(in: "t") == 1)
    }
  }

  @Test func withoutADatabaseTheModulesSaySo() async throws {
    let engine = Engine(runners: BuiltinRunners.all.merging(DataStoreRunners.runners(store: nil)))
    let scenario = try compile(
      """
      name: t
      trigger: { module: webhook.custom, params: { webhookName: t } }
      flow:
        - { id: 2, module: datastore.countRecords, params: { store: s } }
      """)
    let result = await engine.run(scenario, triggerBundles: [[:]])
    #expect(result.error?.type == .invalidConfigurationError)
    #expect(result.error?.message.contains("history database") == true)
  }

  /// Two runners (two stores on one database) update the same record at once, each its own field:
  /// every update survives.
  @Test(arguments: Database.available)
  func concurrentUpdatesFromTwoRunnersLoseNothing(_ database: Database) async throws {
    try await database.withStores { first, second in
      let scenario = try compile(
        """
        name: t
        trigger: { module: webhook.custom, params: { webhookName: t } }
        flow:
          - { id: 2, module: datastore.updateRecord, params: { store: s }, map: { key: shared, record: "{{1.record}}" } }
        """)
      let rounds = 25
      await withTaskGroup(of: Void.self) { group in
        for (name, store) in [("a", first), ("b", second)] {
          group.addTask {
            let engine = engine(store)
            for n in 0..<rounds {
              let result = await engine.run(scenario, triggerBundles: [["record": .collection(["\(name)\(n)": 1])]])
              #expect(result.status == .success, "\(String(describing: result.error))")
            }
          }
        }
      }
      let fields = try await first.record("shared", in: "s")?.fields.count
      #expect(fields == 2 * rounds)
    }
  }
}
