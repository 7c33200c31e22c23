// The console's queries on a large history: the first page (50, newest first), the same filtered by
// scenario and status, a search by phone number, and the scenarios page's counts by status of one
// scenario over the last 24 hours, each timed as the store call (p50, p95).
// The history is generated with bulk SQL in the store's format: EXECUTIONS executions over 30 days
// and 20 scenarios, each with a compressed ~2 KB trigger bundle and the search terms of a customer
// (phone with and without +, email, name), an order id and 30 words. Run through
// Benchmarks/history/search.sh.
//
// Usage: HistorySearchBenchmark [--executions N] [--queries N] [--store sqlite|postgres]
//                               [--database PATH-OR-POSTGRES-URL]
import BenchmarkSupport
import Foundation
import GRDB
import History
import PostgresHistory
import PostgresNIO
import SQLiteHistory

struct Options {
  var executions = 1_000_000
  var queries = 200
  var database = "history-search.sqlite"
  var store = "sqlite"

  init(_ arguments: [String]) throws {
    let options = try BenchmarkArguments(arguments, known: ["--executions", "--queries", "--database", "--store"])
    executions = try options.positive("--executions", default: executions)
    queries = try options.positive("--queries", default: queries)
    database = options.text("--database", default: database)
    store = try options.choice("--store", among: ["sqlite", "postgres"], default: store)
  }
}

let scenarios = [
  "Welcome new customers", "Answer inbound messages", "Order shipped", "Order delivered", "Abandoned cart",
  "Review request", "Appointment reminder", "Payment failed", "Refund issued", "Birthday offer",
  "Opt-out handler", "VIP alerts", "Support triage", "Survey follow-up", "Back in stock", "Price drop",
  "Loyalty points", "Win-back", "Delivery delayed", "Store pickup ready",
]
let vocabulary = """
  hello order shipped when will my parcel arrive thanks please cancel change address tomorrow morning \
  evening delivery store pickup refund receipt question help stop yes no great customer_id phone_number \
  first_name last_name email text message uuid created_at status data type tags properties vip newsletter \
  subscribed true false null inbound direction media_url sent_at history at id external_id
  """.split(separator: " ").map(String.init)

/// Customer `n`'s phone number: 200,000 customers, so a phone finds about EXECUTIONS / 200,000.
func phone(_ customer: Int) -> String { "+1555\(String(format: "%07d", customer))" }

/// What execution `index` is: its scenario, status and start (oldest first, 30 days up to now).
struct Row {
  var index: Int
  var count: Int
  var customer: Int { (index &* 7_919) % 200_000 }
  var scenario: String { scenarios[index % scenarios.count] }
  var status: ExecutionStatus {
    switch index % 100 {
    case 0..<90: .success
    case 90..<95: .error
    case 95..<98: .warning
    default: .incomplete
    }
  }
  func startedAt(now: Date) -> Date { now.addingTimeInterval(-30 * 86_400 * Double(count - index) / Double(count)) }
  var terms: [Int64] {
    let order = "ord-\(100_000 + index % 900_000)"
    let name = ["ann", "bob", "zoë", "chidi", "mei", "ravi", "olga", "tomás", "aiko", "sam"][customer % 10]
    var terms = [phone(customer), String(phone(customer).dropFirst()), order, name, "\(name).\(customer)@example.com"]
    for word in 0..<30 { terms.append(vocabulary[(index &* 31 &+ word &* 17) % vocabulary.count]) }
    return Array(Set(terms.map(SearchTerms.hash))).sorted()
  }
}

/// Trigger bundles in their stored form, cycled through the rows (their bytes do not change the
/// queries' cost, their size does).
func bundlePool() -> [Data] {
  (0..<64).map { seed in
    let history = (0..<24).map {
      #"{"at":"2026-11-\#(10 + $0)","text":"\#(vocabulary[(seed + $0) % vocabulary.count]) message \#(seed * 31 + $0)"}"#
    }
    let webhook = """
      {"uuid":"\(UUID().uuidString.lowercased())","type":"message_received","data":{"customer":{"phone_number":"\(phone(seed))",\
      "first_name":"Ann","email":"ann.\(seed)@example.com"},"message":{"text":"order ORD-\(100_000 + seed) \(seed)"}},\
      "history":[\(history.joined(separator: ","))]}
      """
    return StoredBundle.encode(Data(webhook.utf8))
  }
}

/// Times `queries` calls of each query against `store`; prints p50 and p95 in milliseconds.
func timeQueries(_ store: any ServeStore, options: Options, now: Date) async throws -> [(String, Double, Double, Int)] {
  let clock = ContinuousClock()
  let cases: [(String, (Int) -> HistoryQuery)] = [
    ("first page (50, newest first)", { _ in HistoryQuery(ignoresNameCase: true, limit: 50) }),
    (
      "scenario + status (error), first page",
      { i in
        HistoryQuery(scenarioName: scenarios[i % scenarios.count], ignoresNameCase: true, status: .error, limit: 50)
      }
    ),
    (
      "search by phone number",
      { i in HistoryQuery(ignoresNameCase: true, limit: 50, text: phone(Row(index: i * 4_999, count: 0).customer)) }
    ),
  ]
  var results: [(String, Double, Double, Int)] = []
  for (name, makeQuery) in cases {
    var times: [Double] = []
    var found = 0
    for iteration in 0..<(options.queries + 10) {
      let query = makeQuery(iteration)
      var listed: [ExecutionRecord] = []
      let elapsed = try await clock.measure { listed = try await store.executions(matching: query) }
      // The first ten warm the caches.
      if iteration >= 10 {
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1_000)
        found += listed.count
      }
    }
    times.sort()
    results.append((name, percentile(times, 0.5), percentile(times, 0.95), found / options.queries))
  }
  // The console's scenarios page: one scenario's executions of the last 24 hours by status.
  var times: [Double] = []
  var found = 0
  for iteration in 0..<(options.queries + 10) {
    var counts: [ExecutionStatus: Int] = [:]
    let elapsed = try await clock.measure {
      counts = try await store.executionCounts(
        scenario: scenarios[iteration % scenarios.count], since: now.addingTimeInterval(-86_400))
    }
    if iteration >= 10 {
      times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1_000)
      found += counts.values.reduce(0, +)
    }
  }
  times.sort()
  results.append(
    ("counts by status, one scenario, 24 h", percentile(times, 0.5), percentile(times, 0.95), found / options.queries))
  return results
}

func generateSQLite(_ options: Options, now: Date) async throws {
  for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: options.database + suffix) }
  // Creates the file with the current schema.
  _ = try SQLiteHistory(path: options.database)
  let pool = bundlePool()
  let queue = try DatabaseQueue(path: options.database)
  try await queue.writeWithoutTransaction { db in
    try db.execute(sql: "PRAGMA synchronous = OFF")
    let batch = 50_000
    for first in stride(from: 0, to: options.executions, by: batch) {
      try db.inTransaction {
        let insert = try db.makeStatement(
          sql: """
            INSERT INTO executions (
              id, scenario_name, scenario_file, content_hash, trigger_module, status, started_at, finished_at,
              operations, data_size, trigger_bundle, is_replay, is_indexed)
            VALUES (?, ?, 'flows/generated.yaml', ?, 'sonar.watchInboundMessage', ?, ?, ?, 3, 2600, ?, 0, 1)
            """)
        // The rows' terms are made up, not their (pooled) bundles' terms: the store could not delete
        // these rows' index entries, which it recomputes from the bundles. The benchmark only reads.
        let index = try db.makeStatement(sql: "INSERT INTO execution_search (rowid, terms) VALUES (?, ?)")
        for position in first..<min(options.executions, first + batch) {
          let row = Row(index: position, count: options.executions)
          let started = row.startedAt(now: now)
          let terms = row.terms
          try insert.execute(arguments: [
            "gen-\(position)", row.scenario, String(repeating: "c", count: 64), row.status.rawValue, started,
            started.addingTimeInterval(0.2), pool[position % pool.count],
          ])
          try index.execute(arguments: [db.lastInsertedRowID, SearchIndex.text(terms)])
        }
        return .commit
      }
    }
    try db.execute(sql: "ANALYZE")
    try db.execute(sql: "INSERT INTO execution_search (execution_search) VALUES ('optimize')")
  }
  try await queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
}

func generatePostgres(
  _ store: PostgresHistory, _ configuration: PostgresHistory.Configuration, options: Options, now: Date
)
  async throws
{
  let schema = "\"\(configuration.schema)\""
  let client = PostgresClient(configuration: configuration.clientConfiguration)
  // bytea[] has no binding in postgres-nio: the bundles travel as hex.
  let hexPool = bundlePool().map { $0.map { String(format: "%02x", $0) }.joined() }
  try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { await client.run() }
    defer { group.cancelAll() }
    let batch = 20_000
    for first in stride(from: 0, to: options.executions, by: batch) {
      let rows = (first..<min(options.executions, first + batch)).map { Row(index: $0, count: options.executions) }
      try await client.query(
        """
        INSERT INTO \(unescaped: schema).executions (
          id, scenario_name, scenario_file, content_hash, trigger_module, status, started_at, finished_at,
          operations, data_size, trigger_bundle, is_replay, search_terms)
        SELECT 'gen-' || i, scenario, 'flows/generated.yaml', repeat('c', 64), 'sonar.watchInboundMessage', status,
          started, started + interval '200 milliseconds', 3, 2600, decode((\(hexPool)::text[])[1 + i % 64], 'hex'), false,
          string_to_array(terms, ',')::bigint[]
        FROM unnest(\(rows.map(\.index)), \(rows.map(\.scenario)), \(rows.map(\.status.rawValue)),
          \(rows.map { $0.startedAt(now: now) }), \(rows.map { $0.terms.map(String.init).joined(separator: ",") }))
          AS t(i, scenario, status, started, terms)
        """)
    }
    try await client.query("VACUUM ANALYZE \(unescaped: schema).executions")
  }
}

do {
  let options = try Options(Array(CommandLine.arguments.dropFirst()))
  let now = Date()
  let clock = ContinuousClock()
  var results: [(String, Double, Double, Int)] = []
  var generation = Duration.zero
  if options.store == "postgres" {
    let configuration = try PostgresHistory.Configuration(url: options.database)
    results = try await PostgresHistory.withHistory(configuration) { store in
      generation = try await clock.measure {
        try await generatePostgres(store, configuration, options: options, now: now)
      }
      return try await timeQueries(store, options: options, now: now)
    }
  } else {
    generation = try await clock.measure { try await generateSQLite(options, now: now) }
    results = try await timeQueries(try SQLiteHistory(path: options.database), options: options, now: now)
  }
  print("store=\(options.store)")
  print("executions=\(options.executions)")
  print("generated_seconds=\(generation.components.seconds)")
  for (name, p50, p95, found) in results {
    print("query=\(name);p50_ms=\(String(format: "%.2f", p50));p95_ms=\(String(format: "%.2f", p95));rows=\(found)")
  }
} catch {
  FileHandle.standardError.write(Data("HistorySearchBenchmark: \(error)\n".utf8))
  exit(1)
}
