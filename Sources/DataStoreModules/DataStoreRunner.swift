import Basics
package import Engine
package import Expressions
import Foundation
package import History
import OrderedCollections
package import ScenarioModel

/// Runs the Data store modules on a ``DataStoreStore`` (the history database the command opened).
package struct DataStoreRunner: ModuleRunner {
  package enum Operation: String, Sendable, CaseIterable {
    case addRecord, updateRecord, getRecord, recordExists, deleteRecord, deleteAllRecords, searchRecords, countRecords

    package var moduleName: String { "datastore.\(rawValue)" }
  }

  let operation: Operation
  let store: any DataStoreStore
  let limits: DataStoreLimits
  /// The declared structures, by store name: records written to these stores are checked and
  /// coerced against them.
  let structures: [String: DataStructure]

  package init(
    _ operation: Operation, store: any DataStoreStore, limits: DataStoreLimits,
    structures: [String: DataStructure] = [:]
  ) {
    self.operation = operation
    self.store = store
    self.limits = limits
    self.structures = structures
  }

  package func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value] {
    let name = try storeName(input)
    let access = DataStoreAccess(store: store, limits: limits, context: context)
    do {
      return try await run(input, store: name, access: access)
    } catch let error as ModuleError {
      throw error
    } catch let error as DataStoreError {
      switch error {
      case .duplicateKey: throw ModuleError(.duplicateDataError, error.description)
      case .full: throw ModuleError(.runtimeError, error.description)
      }
    } catch {
      throw ModuleError(.connectionError, "data store '\(name)' could not be reached: \(error)")
    }
  }

  private func run(_ input: ModuleInput, store name: String, access: DataStoreAccess) async throws -> [Value] {
    switch operation {
    case .addRecord:
      let key = try input.text("key") ?? UUID().uuidString.lowercased()
      let fields = try record(input, store: name)
      let overwrite = input.fields["overwrite"].map(Coercion.boolean(from:)) ?? true
      try await access.write(.put(store: name, key: key, fields: fields, overwrite: overwrite), key: key)
      return [Self.output(key: key, fields: fields)]
    case .updateRecord:
      let key = try input.requiredText("key")
      let fields = try record(input, store: name)
      try await access.write(.merge(store: name, key: key, fields: fields), key: key)
      let merged = try await access.record(key, in: name) ?? fields
      return [Self.output(key: key, fields: merged)]
    case .getRecord:
      let key = try input.requiredText("key")
      let fields = try await access.record(key, in: name) ?? JSONObject()
      return [Value(json: .object(fields))]
    case .recordExists:
      let key = try input.requiredText("key")
      let exists = try await access.record(key, in: name) != nil
      return [.collection(["exists": .boolean(exists)])]
    case .deleteRecord:
      let key = try input.requiredText("key")
      try await access.write(.delete(store: name, key: key), key: nil)
      return [.collection(["key": .text(key)])]
    case .deleteAllRecords:
      try await access.write(.deleteAll(store: name), key: nil)
      return [.collection([:])]
    case .countRecords:
      let count = try await access.records(in: name).count
      return [.collection(["count": .number(Double(count))])]
    case .searchRecords:
      let search = try RecordSearch(input)
      return try search.results(in: try await access.records(in: name)).map {
        Self.output(key: $0.key, fields: $0.fields)
      }
    }
  }

  private func storeName(_ input: ModuleInput) throws(ModuleError) -> String {
    guard let name = try? Coercion.text(from: input.param("store")), !name.isEmpty else {
      throw ModuleError(.invalidConfigurationError, "the setting 'store' has no value")
    }
    return name
  }

  /// `record` as a data store record: a mapping whose values are stored as JSON, checked and
  /// coerced against the store's structure when one is declared.
  private func record(_ input: ModuleInput, store name: String) throws(ModuleError) -> JSONObject {
    switch input[field: "record"] {
    case .null: return JSONObject()
    case .collection(let fields):
      if let structure = structures[name] { return try structure.coerce(fields.map { ($0.key, $0.value) }) }
      return JSONObject(fields.map { ($0.key, $0.value.json) })
    case let other:
      throw ModuleError(.dataError, "'record' must be a mapping of field names to values, not \(other.kind.rawValue)")
    }
  }

  static func output(key: String, fields: JSONObject) -> Value {
    .collection(["key": .text(key), "data": Value(json: .object(fields))])
  }
}

/// The Data store modules' runners on `store`, or, without a history database, runners that fail
/// with a message saying so.
package enum DataStoreRunners {
  /// `structures`: the declared data structures, which also give the stores' size limits.
  package static func runners(
    store: (any DataStoreStore)?, structures: [String: DataStructure] = [:]
  ) -> ModuleRunners {
    var runners = ModuleRunners()
    let limits = DataStoreLimits(maxBytes: structures.compactMapValues(\.maxBytes))
    for operation in DataStoreRunner.Operation.allCases {
      if let store {
        runners[operation.moduleName] = DataStoreRunner(
          operation, store: store, limits: limits, structures: structures)
      } else {
        runners[operation.moduleName] = NoDataStoreRunner()
      }
    }
    return runners
  }
}

/// Where no history database is open (`sonarflow run` without `--db`).
struct NoDataStoreRunner: ModuleRunner {
  func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value] {
    throw ModuleError(
      .invalidConfigurationError,
      "module '\(input.moduleName)' needs the history database for its data store, and none is open here (run without --no-history)"
    )
  }
}

extension Engine {
  /// This engine with its Data store modules on `store`, the history database the command opened
  /// after it made the engine (nil: none is open, and the modules say so when they run), and the
  /// data structures declared beside `scenarioPath`.
  package func using(dataStore store: (any DataStoreStore)?, scenarioPath: String) -> Engine {
    var engine = self
    let structures = DataStructure.beside(scenarioPath).structures
    engine.runners = runners.merging(DataStoreRunners.runners(store: store, structures: structures))
    return engine
  }
}
