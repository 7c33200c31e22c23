import Basics
import DataStoreModules
import Engine
import Expressions
import Foundation
import History
import PostgresHistory
import SQLiteHistory
import ScenarioModel
import SonarflowTesting
import Testing

/// Compiles scenario text the way `run` does.
func compile(_ yaml: String) throws -> CompiledScenario {
  let parsed = ScenarioParser.parse(SourceFile(path: "test.yaml", text: yaml))
  let scenario = try #require(parsed.scenario, "\(parsed.diagnostics.map(\.message))")
  #expect(parsed.diagnostics.filter { $0.severity == .error }.isEmpty, "\(parsed.diagnostics.map(\.message))")
  return ScenarioCompiler.compile(scenario)
}

/// The databases the runner tests use: a fresh SQLite file always, PostgreSQL (a fresh schema)
/// when SONARFLOW_TEST_POSTGRES_URL is set.
enum Database: String, CaseIterable, CustomStringConvertible {
  case sqlite, postgres

  var description: String { rawValue }

  static var available: [Database] { TestServer.isEnabled ? [.sqlite, .postgres] : [.sqlite] }

  /// `configuration` with a pool of two connections.
  private static func small(_ configuration: PostgresHistory.Configuration) -> PostgresHistory.Configuration {
    var small = configuration
    small.maximumConnections = 2
    return small
  }

  /// Runs `body` with two store instances on one fresh database.
  func withStores(
    _ body: @escaping @Sendable (any DataStoreStore, any DataStoreStore) async throws -> Void
  ) async throws {
    switch self {
    case .sqlite:
      let folder = try Fixture.temporaryDirectory("datastore-runners")
      defer { try? FileManager.default.removeItem(at: folder) }
      let path = folder.appendingPathComponent("history.sqlite").path
      try await body(try SQLiteHistory(path: path), try SQLiteHistory(path: path))
    case .postgres:
      try await TestServer.withFreshSchema { fresh in
        // Two small pools: the test suites run in parallel on one server with a connection limit.
        let configuration = Self.small(fresh)
        try await PostgresHistory.withHistory(configuration) { first in
          try await PostgresHistory.withHistory(configuration) { second in
            try await body(first, second)
          }
        }
      }
    }
  }
}

/// `http.request` replaced by a probe: fails for bundles whose body has `fail: true`; otherwise
/// outputs whether the record `body.key` of store `body.store` is visible in the database itself
/// (not through the execution's transaction).
struct ProbeRunner: ModuleRunner {
  let store: any DataStoreStore

  func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value] {
    let body = input[field: "body"]
    if body.value(at: [.key("fail")]) == true { throw ModuleError(.dataError, "probe failed on purpose") }
    let key = (try? Coercion.text(from: body.value(at: [.key("key")]))) ?? ""
    let name = (try? Coercion.text(from: body.value(at: [.key("store")]))) ?? ""
    do {
      let visible = try await store.record(key, in: name) != nil
      return [.collection(["visible": .boolean(visible)])]
    } catch {
      throw ModuleError(.connectionError, "\(error)")
    }
  }
}

/// An engine with the built-in runners, the Data store runners on `store` and the probe.
func engine(_ store: any DataStoreStore, options: Engine.Options = Engine.Options()) -> Engine {
  var runners = BuiltinRunners.all.merging(DataStoreRunners.runners(store: store))
  runners["http.request"] = ProbeRunner(store: store)
  return Engine(runners: runners, options: options)
}

/// The first output of the last operation of module `id`.
func output(of id: Int, in result: ExecutionResult) -> Value? {
  result.events.last { $0.moduleID == id }?.outputs?.first
}

/// Every output of the operations of module `id`.
func outputs(of id: Int, in result: ExecutionResult) -> [Value] {
  result.events.filter { $0.moduleID == id }.flatMap { $0.outputs ?? [] }
}
