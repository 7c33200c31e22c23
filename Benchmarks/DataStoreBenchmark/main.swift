// get + put pairs per second: through the Data store runners (Get a record, then Add/replace a
// record, committed with the execution's transaction as `autoCommit: false` does) against the same
// two statements as raw SQL on the same database, one after the other, in one run. Run through
// Benchmarks/datastores/run.sh.
//
// Usage: DataStoreBenchmark [--pairs N] [--keys N] [--store sqlite|postgres] [--database PATH-OR-POSTGRES-URL]
import Basics
import BenchmarkSupport
import DataStoreModules
import Engine
import Expressions
import Foundation
import GRDB
import History
import Logging
import OrderedCollections
import PostgresHistory
import PostgresNIO
import SQLiteHistory

let options = try BenchmarkArguments(
  Array(CommandLine.arguments.dropFirst()), known: ["--pairs", "--keys", "--store", "--database"])
let pairs = try options.positive("--pairs", default: 20_000)
let keys = try options.positive("--keys", default: 1_000)
let store = try options.choice("--store", among: ["sqlite", "postgres"], default: "sqlite")
let database = options.text("--database", default: "datastore-benchmark.sqlite")

/// One pair through the runners: an execution's transaction, Get a record, Add/replace a record,
/// and the commit `Engine.run` makes at the end.
func runnerPairs(_ dataStore: any DataStoreStore, pairs: Int, keys: Int) async throws -> Double {
  let get = DataStoreRunner(.getRecord, store: dataStore, limits: .none)
  let put = DataStoreRunner(.addRecord, store: dataStore, limits: .none)
  let started = ContinuousClock.now
  for n in 0..<pairs {
    let key = Value.text("+1555\(n % keys)")
    let transaction = ExecutionTransaction(isAutoCommit: false)
    let context = ModuleContext(executionID: "bench-\(n)", scenarioName: "bench", transaction: transaction)
    let found = try await get.run(
      ModuleInput(moduleID: 2, moduleName: "datastore.getRecord", fields: ["key": key], params: ["store": "bench"]),
      context: context)
    let stored = found.first?.value(at: [.key("count")]) ?? .null
    let count: Double = (try? Coercion.number(from: stored)).flatMap { $0 } ?? 0
    _ = try await put.run(
      ModuleInput(
        moduleID: 3, moduleName: "datastore.addRecord",
        fields: ["key": key, "overwrite": true, "record": ["count": .number(count + 1), "day": "2026-03-01"]],
        params: ["store": "bench"]),
      context: context)
    try await transaction.commit()
  }
  return rate(pairs, since: started)
}

/// The `count` field of a record's JSON text.
func storedCount(_ text: String) -> Int? {
  guard let value = try? JSONParser.parse(text), let count = value.objectValue?["count"]?.stringValue else {
    return nil
  }
  return Int(count)
}

func rate(_ pairs: Int, since started: ContinuousClock.Instant) -> Double {
  let seconds = started.duration(to: .now)
  return Double(pairs) / (Double(seconds.components.seconds) + Double(seconds.components.attoseconds) / 1e18)
}

/// The same pair as two plain statements on the same SQLite file (GRDB, WAL, synchronous=NORMAL as
/// SQLiteHistory sets it), each prepared once: SELECT the record, then INSERT … ON CONFLICT DO UPDATE it.
func rawSQLitePairs(path: String, pairs: Int, keys: Int) throws -> Double {
  var configuration = Configuration()
  configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
  let queue = try DatabaseQueue(path: path, configuration: configuration)
  let started = ContinuousClock.now
  for n in 0..<pairs {
    let key = "+1555\(n % keys)"
    let text = try queue.read { db in
      try String.fetchOne(
        db.cachedStatement(sql: "SELECT fields FROM data_store_records WHERE store = 'raw' AND key = ?"),
        arguments: [key])
    }
    let count = text.flatMap(storedCount) ?? 0
    let fields = #"{"count":\#(count + 1),"day":"2026-03-01"}"#
    try queue.write { db in
      try db.cachedStatement(
        sql: """
          INSERT INTO data_store_records (store, key, fields, size, updated_at) VALUES ('raw', ?, ?, ?, ?)
          ON CONFLICT (store, key) DO UPDATE SET fields = excluded.fields, size = excluded.size,
            updated_at = excluded.updated_at
          """
      ).execute(arguments: [key, fields, key.utf8.count + fields.utf8.count, Date().timeIntervalSince1970])
    }
  }
  return rate(pairs, since: started)
}

/// The same pair as two plain statements on PostgreSQL (one postgres-nio client, autocommit).
func rawPostgresPairs(
  _ configuration: PostgresHistory.Configuration, pairs: Int, keys: Int
) async throws -> Double {
  let client = PostgresClient(configuration: configuration.clientConfiguration)
  let table = "\"\(configuration.schema)\".data_store_records"
  let logger = Logger(label: "bench")
  return try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { await client.run() }
    defer { group.cancelAll() }
    let started = ContinuousClock.now
    for n in 0..<pairs {
      let key = "+1555\(n % keys)"
      var count = 0
      let rows = try await client.query(
        "SELECT fields FROM \(unescaped: table) WHERE store = 'raw' AND key = \(key)", logger: logger)
      for try await text in rows.decode(String.self) {
        count = storedCount(text) ?? 0
      }
      let fields = #"{"count":\#(count + 1),"day":"2026-03-01"}"#
      let size = key.utf8.count + fields.utf8.count
      try await client.query(
        """
        INSERT INTO \(unescaped: table) (store, key, fields, size) VALUES ('raw', \(key), \(fields), \(size))
        ON CONFLICT (store, key) DO UPDATE SET fields = excluded.fields, size = excluded.size, updated_at = now()
        """, logger: logger)
    }
    return rate(pairs, since: started)
  }
}

let runners: Double
let raw: Double
switch store {
case "sqlite":
  let history = try SQLiteHistory(path: database)
  // Raw first, so the runners do not profit from a warmed file more than raw SQL does.
  raw = try rawSQLitePairs(path: database, pairs: pairs, keys: keys)
  runners = try await runnerPairs(history, pairs: pairs, keys: keys)
case "postgres":
  let configuration = try PostgresHistory.Configuration(url: database)
  let (count, keyCount) = (pairs, keys)
  (raw, runners) = try await PostgresHistory.withHistory(configuration) { history in
    let raw = try await rawPostgresPairs(configuration, pairs: count, keys: keyCount)
    return (raw, try await runnerPairs(history, pairs: count, keys: keyCount))
  }
default:
  throw UsageError(message: "--store is sqlite or postgres")
}
print("pairs=\(pairs)")
print("keys=\(keys)")
print("raw_pairs_per_second=\(Int(raw))")
print("runner_pairs_per_second=\(Int(runners))")
print("ratio=\(String(format: "%.1f", runners / raw * 100))")
