// Bytes on disk per execution of a 2 KB webhook recorded the way `sonarflow serve` records it: the
// delivery enqueued, the execution begun, then finished with the delivery completed in one
// transaction. Prints the bytes against the webhook JSON, the search index's share, and the
// recording throughput. Run through Benchmarks/history/size.sh.
//
// Usage: HistorySizeBenchmark [--executions N] [--concurrency N] [--store sqlite|postgres]
//                             [--database PATH-OR-POSTGRES-URL]
import BenchmarkSupport
import Foundation
import GRDB
import History
import PostgresHistory
import PostgresNIO
import SQLiteHistory
import Synchronization

struct Options {
  var executions = 1_000
  var concurrency = 8
  var database = "history-size.sqlite"
  var store = "sqlite"

  init(_ arguments: [String]) throws {
    let options = try BenchmarkArguments(arguments, known: ["--executions", "--concurrency", "--database", "--store"])
    executions = try options.positive("--executions", default: executions)
    concurrency = try options.positive("--concurrency", default: concurrency)
    database = options.text("--database", default: database)
    store = try options.choice("--store", among: ["sqlite", "postgres"], default: store)
  }
}

/// What one webhook makes: the delivery and the execution serve records for it.
struct Sample {
  var delivery: QueuedDelivery
  var execution: ExecutionRecord
  var webhookBytes: Int
  var recordedBytes: Int
}

/// A Sonar-like inbound message webhook of about 2 KB (ids, names, phone numbers, text that varies
/// per delivery) and the execution of a scenario that answers it: `sonar.sendMessage` (its input,
/// Sonar's answer and the HTTP exchange) then a data store write.
func makeSamples(_ count: Int) -> [Sample] {
  var random = SplitMix(seed: 42)
  let names = ["Ann", "Bob", "Zoë", "Chidi", "Mei", "Ravi", "Olga", "Tomás", "Aiko", "Sam"]
  let words = """
    hello order shipped when will my parcel arrive thanks please cancel change address tomorrow \
    morning evening delivery store pickup refund receipt question help stop yes no great
    """.split(separator: " ")
  let start = Date(timeIntervalSince1970: 1_764_000_000)
  return (0..<count).map { index in
    let phone = "+1555\(String(format: "%07d", random.next(below: 10_000_000)))"
    let name = names[random.next(below: names.count)]
    let order = "ORD-\(100_000 + random.next(below: 900_000))"
    let text = (0..<(12 + random.next(below: 20))).map { _ in words[random.next(below: words.count)] }
      .joined(separator: " ")
    let uuid = UUID().uuidString.lowercased()
    let properties = (0..<14).map { key in
      #""property_\#(key)":"\#(words[random.next(below: words.count)])-\#(random.next(below: 10_000))""#
    }.joined(separator: ",")
    var webhook = """
      {"uuid":"\(uuid)","type":"message_received","created_at":"2026-12-0\(1 + index % 7)T1\(index % 10):2\(index % 6):00Z",\
      "data":{"message":{"id":"msg_\(random.next(below: 1_000_000_000))","text":"\(text) \(order)",\
      "direction":"inbound","media_url":null,"sent_at":"2026-12-07T10:\(10 + index % 50):00Z"},\
      "customer":{"phone_number":"\(phone)","first_name":"\(name)","last_name":"Example","email":"\(name.lowercased()).\(index)@example.com",\
      "subscribed":true,"unsubscribed_at":null,"assigned_phone_number":"+17573780424","external_id":"cus_\(index)",\
      "tags":["vip","newsletter"],"properties":{\(properties)}}}}
      """
    // Pad to ~2 KB with conversation history, as Sonar's payloads carry.
    var history: [String] = []
    while webhook.utf8.count + history.joined(separator: ",").utf8.count < 1_990 {
      history.append(
        #"{"at":"2026-11-\#(10 + random.next(below: 18))","text":"\#((0..<6).map { _ in words[random.next(below: words.count)] }.joined(separator: " "))"}"#
      )
    }
    webhook.removeLast()
    webhook += #","history":[\#(history.joined(separator: ","))]}"#
    let reply = "Hi \(name), your order \(order) is on its way."
    let messageID = "msg_\(random.next(below: 1_000_000_000))"
    let input = #"{"to":"\#(phone)","text":"\#(reply)"}"#
    let output =
      #"[{"id":"\#(messageID)","status":"queued","to":"\#(phone)","text":"\#(reply)","created_at":"2026-12-07T10:00:01Z"}]"#
    let escapedInput = input.replacingOccurrences(of: "\"", with: "\\\"")
    let escapedOutput = String(output.dropFirst().dropLast()).replacingOccurrences(of: "\"", with: "\\\"")
    let exchanges = """
      [{"method":"POST","url":"https://api.sendsonar.com/api/v1/messages","requestHeaders":[["Accept","application/json"],\
      ["Content-Type","application/json"],["Client","sonarflow"],["X-Token","<redacted>"]],"requestBody":"\(escapedInput)",\
      "status":202,"responseHeaders":[["Content-Type","application/json; charset=utf-8"]],"responseBody":"\(escapedOutput)",\
      "durationMicroseconds":\(40_000 + random.next(below: 90_000)),"attempt":1}]
      """
    let store = #"{"key":"\#(phone)","data":{"last_order":"\#(order)","name":"\#(name)"}}"#
    let id = "hook-\(index)-\(uuid.prefix(8))"
    let operations = [
      OperationRecord(
        sequence: 1, moduleID: 2, moduleName: "sonar.sendMessage", input: Data(input.utf8),
        output: Data(output.utf8), duration: .microseconds(120_000), exchanges: Data(exchanges.utf8)),
      OperationRecord(
        sequence: 2, moduleID: 3, moduleName: "datastore.addRecord", input: Data(store.utf8),
        output: Data("[\(store)]".utf8), duration: .microseconds(300)),
    ]
    let started = start.addingTimeInterval(Double(index))
    let execution = ExecutionRecord(
      id: id, scenarioName: "Answer inbound messages", scenarioFile: "flows/answer.yaml",
      contentHash: String(repeating: "c", count: 64), trigger: "sonar.watchInboundMessage", status: .success,
      startedAt: started, finishedAt: started.addingTimeInterval(0.13), operations: 2,
      dataSize: webhook.utf8.count + input.utf8.count + output.utf8.count, triggerBundle: Data(webhook.utf8),
      operationLog: operations)
    let recorded = operations.reduce(webhook.utf8.count) {
      $0 + ($1.input?.count ?? 0) + ($1.output?.count ?? 0) + ($1.exchanges?.count ?? 0)
    }
    return Sample(
      delivery: QueuedDelivery(id: id, hook: "inbound", dedupeKey: uuid, body: webhook, receivedAt: started),
      execution: execution, webhookBytes: webhook.utf8.count, recordedBytes: recorded)
  }
}

/// A seeded generator, so every run records the same bytes.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next(below bound: Int) -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int((z ^ (z >> 31)) % UInt64(bound))
  }
}

final class Counter: Sendable {
  private let value = Mutex(0)
  func next() -> Int {
    value.withLock { value in
      defer { value += 1 }
      return value
    }
  }
}

/// Records every sample as serve does, `concurrency` at a time; returns the seconds it took.
func record(_ samples: [Sample], store: any ServeStore, concurrency: Int) async throws -> Double {
  let counter = Counter()
  let elapsed = try await ContinuousClock().measure {
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<concurrency {
        group.addTask {
          while true {
            let index = counter.next()
            guard index < samples.count else { return }
            let sample = samples[index]
            guard try await store.enqueue(sample.delivery) else { throw UsageError(message: "duplicate delivery") }
            var running = sample.execution
            running.status = .running
            running.finishedAt = nil
            running.operations = 0
            running.operationLog = []
            try await store.begin(running)
            try await store.finish(sample.execution, completingDelivery: sample.delivery.id)
          }
        }
      }
      try await group.waitForAll()
    }
  }
  return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func fileSize(_ path: String) -> Int {
  ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
}

do {
  let options = try Options(Array(CommandLine.arguments.dropFirst()))
  let samples = makeSamples(options.executions)
  let seconds: Double
  let totalBytes: Int
  let indexBytes: Int
  if options.store == "postgres" {
    let configuration = try PostgresHistory.Configuration(url: options.database)
    (seconds, totalBytes, indexBytes) = try await PostgresHistory.withHistory(configuration) { store in
      let seconds = try await record(samples, store: store, concurrency: options.concurrency)
      let schema = "\"\(configuration.schema)\""
      let client = PostgresClient(configuration: configuration.clientConfiguration)
      return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        try await client.query("VACUUM \(unescaped: schema).executions")
        try await client.query("VACUUM \(unescaped: schema).operations")
        try await client.query("VACUUM \(unescaped: schema).webhook_queue")
        var total = 0
        var index = 0
        let rows = try await client.query(
          """
          SELECT (pg_total_relation_size('\(unescaped: schema).executions')
            + pg_total_relation_size('\(unescaped: schema).operations')
            + pg_total_relation_size('\(unescaped: schema).webhook_queue'))::bigint,
            (pg_relation_size('\(unescaped: schema).executions_search')
            + (SELECT coalesce(sum(pg_column_size(search_terms)), 0) FROM \(unescaped: schema).executions))::bigint
          """)
        for try await (t, i) in rows.decode((Int, Int).self) { (total, index) = (t, i) }
        return (seconds, total, index)
      }
    }
  } else {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: options.database + suffix) }
    let store = try SQLiteHistory(path: options.database)
    try await store.checkpoint()
    let empty = fileSize(options.database)
    seconds = try await record(samples, store: store, concurrency: options.concurrency)
    try await store.checkpoint()
    totalBytes = fileSize(options.database) + fileSize(options.database + "-wal") - empty
    let reader = try DatabaseQueue(path: options.database)
    // The FTS5 table's pages: executions keep no copy of their terms (docs/history.md, Search).
    indexBytes = try reader.read { db in
      try Int.fetchOne(db, sql: "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'execution_search%'") ?? 0
    }
  }
  let webhook = Double(samples.map(\.webhookBytes).reduce(0, +)) / Double(samples.count)
  let recorded = Double(samples.map(\.recordedBytes).reduce(0, +)) / Double(samples.count)
  let perExecution = Double(totalBytes) / Double(samples.count)
  print("store=\(options.store)")
  print("executions=\(options.executions)")
  print("webhook_bytes=\(String(format: "%.0f", webhook))")
  print("recorded_json_bytes=\(String(format: "%.0f", recorded))")
  print("bytes_per_execution=\(String(format: "%.0f", perExecution))")
  print("ratio_to_webhook=\(String(format: "%.2f", perExecution / webhook))")
  print("index_bytes_per_execution=\(String(format: "%.0f", Double(indexBytes) / Double(samples.count)))")
  print("seconds=\(String(format: "%.3f", seconds))")
  print("executions_per_second=\(String(format: "%.0f", Double(options.executions) / seconds))")
} catch {
  FileHandle.standardError.write(Data("HistorySizeBenchmark: \(error)\n".utf8))
  exit(1)
}
