import Basics
import DataStoreModules
import Engine
import Expressions
import History
import ScenarioModel
import Testing

/// Records written to a store with a declared structure are checked and coerced as Make does, and
/// the structure's size limit holds.
@Suite(.serialized) struct RecordCoercionTests {
  private let structure = DataStructure(
    name: "people",
    fields: [
      .init(name: "name", type: .text, location: SourceLocation(file: "p.datastore.yaml", line: 3, column: 3)),
      .init(name: "visits", type: .number, location: SourceLocation(file: "p.datastore.yaml", line: 4, column: 3)),
      .init(name: "vip", type: .boolean, location: SourceLocation(file: "p.datastore.yaml", line: 5, column: 3)),
      .init(name: "since", type: .date, location: SourceLocation(file: "p.datastore.yaml", line: 6, column: 3)),
    ], maxBytes: 120, location: SourceLocation(file: "p.datastore.yaml", line: 1, column: 1))

  private func add(_ record: Value, key: String = "k", store: any DataStoreStore) async throws(ModuleError) -> [Value] {
    let runner = DataStoreRunner(
      .addRecord, store: store, limits: DataStoreLimits(maxBytes: ["people": 120]),
      structures: ["people": structure])
    return try await runner.run(
      ModuleInput(
        moduleID: 2, moduleName: "datastore.addRecord", fields: ["key": .text(key), "record": record],
        params: ["store": "people"]),
      context: ModuleContext(executionID: "e", scenarioName: "t"))
  }

  @Test(arguments: Database.available)
  func valuesAreCoercedToTheirFieldTypes(_ database: Database) async throws {
    try await database.withStores { store, _ in
      _ = try await add(["name": 42, "visits": "3", "vip": "true", "since": "2026-03-01"], store: store)
      let stored = try await store.record("k", in: "people")?.fields
      #expect(
        stored
          == JSONObject([
            ("name", "42"), ("visits", 3), ("vip", true), ("since", "2026-03-01T00:00:00.000Z"),
          ]))
    }
  }

  @Test(arguments: Database.available)
  func badRecordsAreRefusedWithADataError(_ database: Database) async throws {
    try await database.withStores { store, _ in
      for (record, message) in [
        (
          ["nickname": "Ann"] as Value,
          "data store 'people' has no field 'nickname' (its fields: name, visits, vip, since)"
        ),
        (["visits": "many"], "field 'visits' of data store 'people' is number, not text"),
        (["vip": "maybe"], "field 'vip' of data store 'people' is boolean, not text"),
        (["since": "not a date"], "field 'since' of data store 'people' is date, not text"),
      ] {
        do {
          _ = try await add(record, store: store)
          Issue.record("\(record) was accepted")
        } catch let error as ModuleError {
          #expect(error.type == .dataError)
          #expect(error.message == message)
        }
      }
      #expect(try await store.count(in: "people") == 0)
    }
  }

  @Test(arguments: Database.available)
  func theStructuresSizeLimitRefusesWritesPastIt(_ database: Database) async throws {
    try await database.withStores { store, _ in
      _ = try await add(["name": "Ann"], key: "a", store: store)
      do {
        _ = try await add(["name": .text(String(repeating: "x", count: 200))], key: "b", store: store)
        Issue.record("a record past the limit was accepted")
      } catch let error as ModuleError {
        #expect(error.message == "data store 'people' is full: its records would take more than 120 bytes")
      }
      #expect(try await store.records(in: "people").map(\.key) == ["a"])
    }
  }
}
