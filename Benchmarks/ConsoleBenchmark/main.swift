// Times the console's execution page for one execution with many operations: the console served
// over loopback by Hummingbird on a SQLite history, logged in, the page requested again and again;
// prints the server's answer times (request sent to last byte read, on loopback). Run through
// Benchmarks/console/run.sh.
//
// Usage: ConsoleBenchmark [--operations N] [--requests N] [--bundle-bytes N]
import AsyncHTTPClient
import BenchmarkSupport
import Console
import Engine
import Foundation
import History
import Hummingbird
import Logging
import NIOCore
import SQLiteHistory

struct Options {
  var operations = 1_000
  var requests = 50
  var bundleBytes = 512

  init(_ arguments: [String]) throws {
    let options = try BenchmarkArguments(arguments, known: ["--operations", "--requests", "--bundle-bytes"])
    operations = try options.positive("--operations", default: operations)
    requests = try options.positive("--requests", default: requests)
    bundleBytes = try options.positive("--bundle-bytes", default: bundleBytes)
  }
}

/// One execution of a five-module scenario whose operations repeat over the modules, each with an
/// input, an output and an HTTP exchange of about `bundleBytes` bytes; every tenth one failed.
func execution(options: Options, scenarioFile: String, contentHash: String) -> ExecutionRecord {
  let text = String(repeating: "x", count: max(1, options.bundleBytes - 60))
  let operations = (1...options.operations).map { sequence in
    let module = 2 + sequence % 5
    return OperationRecord(
      sequence: sequence, moduleID: module, moduleName: "sonar.sendMessage",
      input: Data(#"{"phoneNumber":"+13105550100","text":"\#(text)","n":\#(sequence)}"#.utf8),
      output: Data(#"[{"id":"msg_\#(sequence)","status":"queued","text":"\#(text)"}]"#.utf8),
      error: sequence % 10 == 0
        ? ErrorRecord(type: "RateLimitError", message: "slow down", moduleID: module, location: "\(scenarioFile):9:5")
        : nil,
      duration: .microseconds(800 + sequence % 300),
      exchanges: Data(
        #"[{"request":{"method":"POST","url":"https://api.sonar.example/messages"},"body":"\#(text)"}]"#.utf8))
  }
  let start = Date(timeIntervalSince1970: 1_796_000_000)
  return ExecutionRecord(
    id: "benchmark", scenarioName: "Benchmark", scenarioFile: scenarioFile, contentHash: contentHash,
    trigger: "webhook.custom", status: .error, startedAt: start, finishedAt: start.addingTimeInterval(2),
    operations: operations.count, dataSize: operations.count * options.bundleBytes * 3,
    error: ErrorRecord(type: "RateLimitError", message: "slow down", moduleID: 2, location: "\(scenarioFile):9:5"),
    triggerBundle: Data(#"{"id":1}"#.utf8), operationLog: operations)
}

let scenario = """
  name: Benchmark
  trigger: { module: webhook.custom, params: { webhookName: benchmark } }
  flow:
    - { id: 2, module: util.setVariable, map: { name: a, value: "{{1.id}}" } }
    - { id: 3, module: util.setVariable, map: { name: b, value: "{{1.id}}" } }
    - id: 4
      module: flow.router
      routes:
        - name: One
          flow:
            - { id: 5, module: util.setVariable, map: { name: c, value: "{{1.id}}" } }
        - name: Two
          flow:
            - { id: 6, module: util.setVariable, map: { name: d, value: "{{1.id}}" } }

  """

do {
  let options = try Options(Array(CommandLine.arguments.dropFirst()))
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("console-benchmark-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: folder) }
  let scenarioFile = folder.appendingPathComponent("benchmark.yaml").path
  try Data(scenario.utf8).write(to: URL(fileURLWithPath: scenarioFile))
  let store = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
  let record = execution(
    options: options, scenarioFile: scenarioFile, contentHash: ScenarioCompiler.contentHash(scenario))
  try await store.finish(record)

  let token = "benchmark-token"
  let router = Router()
  try ConsoleRoutes(history: store, token: token).add(to: router)
  var logger = Logger(label: "console-benchmark")
  logger.logLevel = .critical
  let port = Int.random(in: 20_000..<60_000)
  let application = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
  let client = HTTPClient(
    eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
  let base = "http://127.0.0.1:\(port)"
  try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await application.run() }
    defer { group.cancelAll() }
    var login = HTTPClientRequest(url: base + "/console/login")
    login.method = .POST
    login.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
    login.body = .bytes(ByteBuffer(string: "token=\(token)"))
    var cookie: String?
    for _ in 0..<100 where cookie == nil {
      if let answer = try? await client.execute(login, timeout: .seconds(10)) {
        cookie = answer.headers.first(name: "Set-Cookie")?.split(separator: ";").first.map(String.init)
      } else {
        try await Task.sleep(for: .milliseconds(50))
      }
    }
    guard let cookie else { throw UsageError(message: "could not log in to the console") }
    var page = HTTPClientRequest(url: base + "/console/executions/benchmark")
    page.headers.add(name: "Cookie", value: cookie)
    var times: [Double] = []
    var bytes = 0
    for index in 0..<(options.requests + 3) {
      let started = ContinuousClock.now
      let answer = try await client.execute(page, timeout: .seconds(60))
      let body = try await answer.body.collect(upTo: 512 * 1024 * 1024)
      let elapsed = ContinuousClock.now - started
      guard answer.status == .ok else { throw UsageError(message: "the page answered \(answer.status.code)") }
      bytes = body.readableBytes
      // The first requests warm up the connection and the allocator; they are not counted.
      if index >= 3 {
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
      }
    }
    times.sort()
    print("operations=\(options.operations)")
    print("requests=\(times.count)")
    print("page_bytes=\(bytes)")
    print(String(format: "p50_ms=%.1f", percentile(times, 0.50)))
    print(String(format: "p95_ms=%.1f", percentile(times, 0.95)))
    print(String(format: "max_ms=%.1f", times.last ?? 0))
  }
  try await client.shutdown().get()
} catch {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(2)
}
