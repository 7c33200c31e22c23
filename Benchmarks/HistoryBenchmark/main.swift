// Records executions through SQLiteHistory or PostgresHistory with concurrent recorders and prints
// executions/s. Run through Benchmarks/history/run.sh (SQLite against raw SQLite inserts) or
// Benchmarks/history/postgres.sh (PostgreSQL against SQLite).
//
// Usage: HistoryBenchmark [--executions N] [--concurrency N] [--operations N] [--bundle-bytes N]
//                         [--durability full|normal] [--store sqlite|postgres]
//                         [--database PATH-OR-POSTGRES-URL] [--plain-copy PATH]
//
// --plain-copy (SQLite): after the timed run, writes the executions and operations to PATH with
// every bundle as the engine gave it (decompressed), for run.sh's raw limit.
import BenchmarkSupport
import Foundation
import GRDB
import History
import PostgresHistory
import SQLiteHistory
import Synchronization

struct Options {
  var executions = 20_000
  var concurrency = 32
  var operations = 4
  var bundleBytes = 1_024
  var durability = SQLiteHistory.Durability.normal
  var database = "history-benchmark.sqlite"
  var store = "sqlite"
  var plainCopy: String?

  init(_ arguments: [String]) throws {
    let options = try BenchmarkArguments(
      arguments,
      known: [
        "--executions", "--concurrency", "--operations", "--bundle-bytes", "--database", "--store", "--durability",
        "--plain-copy",
      ])
    executions = try options.positive("--executions", default: executions)
    concurrency = try options.positive("--concurrency", default: concurrency)
    operations = try options.positive("--operations", default: operations)
    bundleBytes = try options.positive("--bundle-bytes", default: bundleBytes)
    database = options.text("--database", default: database)
    let plainCopy = options.text("--plain-copy", default: "")
    self.plainCopy = plainCopy.isEmpty ? nil : plainCopy
    store = try options.choice("--store", among: ["sqlite", "postgres"], default: store)
    if plainCopy != nil && store != "sqlite" {
      throw UsageError(message: "--plain-copy copies a SQLite history: it needs --store sqlite")
    }
    let durability = try options.choice(
      "--durability", among: SQLiteHistory.Durability.allCases.map(\.rawValue), default: durability.rawValue)
    self.durability = SQLiteHistory.Durability(rawValue: durability) ?? self.durability
  }
}

/// A JSON object of about `bytes` bytes, different for each `seed`.
func bundle(seed: Int, bytes: Int) -> Data {
  var text =
    #"{"id":\#(seed),"customer":{"phone_number":"+1555\#(String(format: "%07d", seed % 10_000_000))","first_name":"Zoë"},"text":""#
  let filler = "Hello, we received your message and will reply soon. "
  while text.utf8.count < bytes - 3 { text += filler }
  text = String(text.utf8.prefix(bytes - 2)) ?? text
  return Data((text + #""}"#).utf8)
}

/// Copies the executions and operations of the history file at `source` into tables of the same
/// names at `target`, each bundle column decoded from its stored form to the bytes the engine
/// recorded (the rows the raw limit inserts: what a recorder without compression would write).
func writePlainCopy(of source: String, to target: String) throws {
  for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
  let queue = try DatabaseQueue(path: source)
  let plain = DatabaseFunction("sonarflow_plain", argumentCount: 1, pure: true) { values in
    guard let stored = Data.fromDatabaseValue(values[0]) else { return values[0] }
    return try StoredBundle.decode(stored)
  }
  let bundles: Set<String> = ["trigger_bundle", "resume_state", "input", "output", "exchanges"]
  try queue.inDatabase { db in
    db.add(function: plain)
    try db.execute(sql: "ATTACH DATABASE ? AS plain", arguments: [target])
    for table in ["executions", "operations"] {
      let columns = try db.columns(in: table).map(\.name).map {
        bundles.contains($0) ? "sonarflow_plain(\($0)) AS \($0)" : $0
      }
      try db.execute(
        sql:
          "CREATE TABLE plain.\(table) AS SELECT \(columns.joined(separator: ", ")) FROM main.\(table) ORDER BY rowid")
    }
  }
}

func makeRecords(_ options: Options) -> [ExecutionRecord] {
  let start = Date()
  return (0..<options.executions).map { index in
    ExecutionRecord(
      id: "bench-\(index)", scenarioName: "Scenario \(index % 10)", scenarioFile: "flows/bench.yaml",
      contentHash: String(repeating: "c", count: 64), trigger: "sonar.watchNewCustomer",
      status: .success, startedAt: start.addingTimeInterval(Double(index) / 1_000),
      finishedAt: start.addingTimeInterval(Double(index) / 1_000 + 0.2),
      operations: options.operations, dataSize: options.bundleBytes * (1 + 2 * options.operations),
      triggerBundle: bundle(seed: index, bytes: options.bundleBytes),
      operationLog: (0..<options.operations).map { step in
        OperationRecord(
          sequence: step + 1, moduleID: step + 2, moduleName: "sonar.sendMessage",
          input: bundle(seed: index * 10 + step, bytes: options.bundleBytes),
          output: bundle(seed: -index * 10 - step, bytes: options.bundleBytes),
          duration: .microseconds(1_000 + step))
      })
  }
}

/// Hands out record indexes to the recorders.
final class Counter: Sendable {
  private let value = Mutex(0)
  func next() -> Int {
    value.withLock { value in
      defer { value += 1 }
      return value
    }
  }
}

/// Seconds to record every execution with `options.concurrency` concurrent recorders.
func measure(_ options: Options, records: [ExecutionRecord], store: any HistoryStore) async throws -> Double {
  let counter = Counter()
  let clock = ContinuousClock()
  let elapsed = try await clock.measure {
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<options.concurrency {
        group.addTask {
          while true {
            let index = counter.next()
            guard index < records.count else { return }
            var running = records[index]
            running.status = .running
            running.finishedAt = nil
            running.operationLog = []
            try await store.begin(running)
            try await store.finish(records[index])
          }
        }
      }
      try await group.waitForAll()
    }
  }
  return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

do {
  let options = try Options(Array(CommandLine.arguments.dropFirst()))
  let records = makeRecords(options)
  func run(_ store: any HistoryStore) async throws -> Double {
    let seconds = try await measure(options, records: records, store: store)
    let stored = try await store.executions(matching: HistoryQuery(limit: options.executions + 1)).count
    guard stored == options.executions else {
      throw UsageError(message: "stored \(stored) executions, expected \(options.executions)")
    }
    return seconds
  }
  let seconds: Double
  if options.store == "postgres" {
    // The database (or the URL's schema) must be empty: postgres.sh gives a fresh schema.
    let configuration = try PostgresHistory.Configuration(url: options.database)
    seconds = try await PostgresHistory.withHistory(configuration) { try await run($0) }
  } else {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: options.database + suffix) }
    seconds = try await run(try SQLiteHistory(path: options.database, durability: options.durability))
    if let plainCopy = options.plainCopy { try writePlainCopy(of: options.database, to: plainCopy) }
  }
  print("store=\(options.store)")
  print("executions=\(options.executions)")
  print("concurrency=\(options.concurrency)")
  print("durability=\(options.durability.rawValue)")
  print("seconds=\(String(format: "%.3f", seconds))")
  print("executions_per_second=\(String(format: "%.0f", Double(options.executions) / seconds))")
} catch {
  FileHandle.standardError.write(Data("HistoryBenchmark: \(error)\n".utf8))
  exit(1)
}
