import AsyncHTTPClient
import Foundation
import HTTPTypes
import History
import Hummingbird
import NIOCore
import SonarflowTesting
import Synchronization
import Testing

/// `http.watch` against a local endpoint: each item is emitted once, across a restart of serve.
@Suite(.serialized) struct PollingTests {
  /// The endpoint's items, changed by the test.
  final class Feed: Sendable {
    let items = Mutex<[Int]>([])
    /// How many times each poller (the `poller` query parameter) has fetched the items.
    let fetches = Mutex<[String: Int]>([:])
    func set(_ values: [Int]) { items.withLock { $0 = values } }
    func fetched(by poller: String) -> Int { fetches.withLock { $0[poller, default: 0] } }

    /// Waits until `poller` has fetched at least `count` times in all: a poll cycle that starts
    /// after another has answered means the earlier one's seen ids are stored.
    func waitForFetches(by poller: String, atLeast count: Int) async throws {
      let deadline = ContinuousClock.now.advanced(by: .seconds(60))
      while fetched(by: poller) < count, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(20))
      }
      #expect(fetched(by: poller) >= count, "\(poller) fetched \(fetched(by: poller)) times, not \(count)")
    }
    var json: String {
      let list = items.withLock { $0 }.map { #"{"id": \#($0), "name": "item \#($0)"}"# }
      return #"{"data": [\#(list.joined(separator: ", "))]}"#
    }
  }

  static func scenario(name: String, url: String, startFrom: String) -> String {
    """
    name: \(name)
    trigger:
      module: http.watch
      params: { url: "\(url)", itemsPath: data, idPath: id, startFrom: \(startFrom), limit: 10 }
      schedule: { every: 1s }
    flow:
      - id: 2
        module: util.setVariable
        map: { name: item, value: "{{1.name}}" }
    """
  }

  /// The ids each scenario's executions emitted, in total (an id twice means emitted twice).
  static func emitted(_ executions: [ExecutionRecord], scenario: String) -> [Int] {
    executions.filter { $0.scenarioName == scenario }.flatMap { record -> [Int] in
      switch record.triggerJSON {
      case let object as [String: Any]: return [object["id"] as? Int].compactMap { $0 }
      case let array as [[String: Any]]: return array.compactMap { $0["id"] as? Int }
      default: return []
      }
    }.sorted()
  }

  /// Serves `feed` at `GET /items` on loopback while `body` runs with its URL.
  static func serving(_ feed: Feed, _ body: (String) async throws -> Void) async throws {
    let port = try LoopbackPort.free()
    let router = Router()
    router.get("/items") { request, _ -> Response in
      if let poller = request.uri.queryParameters.get("poller") {
        feed.fetches.withLock { $0[poller, default: 0] += 1 }
      }
      return Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: feed.json)))
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await app.runService() }
      defer { group.cancelAll() }
      // Serving before serve starts: a poll that cannot connect is a failed execution of its own.
      let url = "http://127.0.0.1:\(port)/items"
      let deadline = ContinuousClock.now.advanced(by: .seconds(30))
      while ContinuousClock.now < deadline {
        if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5)),
          response.status == .ok
        {
          _ = try? await response.body.collect(upTo: 1 << 20)
          break
        }
        try await Task.sleep(for: .milliseconds(20))
      }
      try await body(url)
    }
  }

  @Test func eachItemIsEmittedOnceAcrossARestart() async throws {
    let feed = Feed()
    feed.set([1, 2])
    try await Self.serving(feed) { url in
      let harness = try ServeHarness()
      try harness.write("all.yaml", Self.scenario(name: "Poll all", url: url + "?poller=all", startFrom: "all"))
      try harness.write("now.yaml", Self.scenario(name: "Poll now", url: url + "?poller=now", startFrom: "now"))

      var serve = try await harness.start()
      let first = try await harness.waitForExecutions { Self.emitted($0, scenario: "Poll all") == [1, 2] }
      // The poll that emitted the items is the execution's first operation, with its request and
      // the answer; the flow's operations (one per item) follow it.
      let emitting = try #require(first.first { $0.scenarioName == "Poll all" })
      let record = try #require(try await harness.execution(id: emitting.id))
      #expect(record.operations == 3)
      #expect(record.operationLog.map(\.moduleID) == [1, 2, 2])
      #expect(record.operationLog.map(\.sequence) == [1, 2, 3])
      #expect(record.operationLog.dropFirst().allSatisfy { $0.exchanges == nil })
      let check = record.operationLog[0]
      #expect(check.moduleName == "http.watch" && check.error == nil)
      let exchanges = try #require(
        try JSONSerialization.jsonObject(with: check.exchanges ?? Data()) as? [[String: Any]])
      #expect(exchanges.count == 1)
      #expect(exchanges.first?["method"] as? String == "GET")
      #expect(exchanges.first?["url"] as? String == url + "?poller=all")
      #expect(exchanges.first?["status"] as? Int == 200)
      #expect((exchanges.first?["responseBody"] as? String)?.contains(#""name": "item 2""#) == true)
      // Two more cycles of each see nothing new.
      try await feed.waitForFetches(by: "all", atLeast: 3)
      try await feed.waitForFetches(by: "now", atLeast: 3)
      #expect(await serve.stop() == 0)
      var executions = try await harness.executions()
      #expect(Self.emitted(executions, scenario: "Poll all") == [1, 2])
      #expect(Self.emitted(executions, scenario: "Poll now").isEmpty)

      feed.set([1, 2, 3])
      serve = try await harness.start()
      executions = try await harness.waitForExecutions {
        Self.emitted($0, scenario: "Poll all") == [1, 2, 3] && Self.emitted($0, scenario: "Poll now") == [3]
      }
      // Two more cycles of each after the restart see nothing new either.
      let (all, now) = (feed.fetched(by: "all"), feed.fetched(by: "now"))
      try await feed.waitForFetches(by: "all", atLeast: all + 2)
      try await feed.waitForFetches(by: "now", atLeast: now + 2)
      #expect(await serve.stop() == 0)
      executions = try await harness.executions()
      #expect(Self.emitted(executions, scenario: "Poll all") == [1, 2, 3])
      #expect(Self.emitted(executions, scenario: "Poll now") == [3])
      #expect(
        executions.allSatisfy { $0.status == .success },
        "\(executions.filter { $0.status != .success }.map { "\($0.status): \($0.error?.message ?? "")" })")
    }
  }

  /// Make's "Max number of cycles": one tick fetches again while new items remain, up to maxCycles
  /// cycles of at most `limit` items each; the default (1) leaves the rest for the next tick.
  @Test func maxCyclesDrainsTheBacklogInOneTick() async throws {
    let feed = Feed()
    feed.set(Array(1...25))
    try await Self.serving(feed) { url in
      let harness = try ServeHarness()
      // Ticks an hour apart: only the first tick runs during the test.
      func scenario(_ name: String, poller: String, settings: String) -> String {
        Self.scenario(name: name, url: url + "?poller=\(poller)", startFrom: "all").replacingOccurrences(
          of: "every: 1s", with: "every: 1h")
          + "\nsettings: { \(settings) }\n"
      }
      try harness.write("five.yaml", scenario("Five cycles", poller: "five", settings: "maxCycles: 5"))
      try harness.write("one.yaml", scenario("One cycle", poller: "one", settings: "sequential: false"))

      let serve = try await harness.start()
      var executions = try await harness.waitForExecutions {
        Self.emitted($0, scenario: "Five cycles").count == 25 && Self.emitted($0, scenario: "One cycle").count == 10
      }
      // The fourth cycle of the five finds nothing new and ends the tick; nothing else runs.
      try await feed.waitForFetches(by: "five", atLeast: 4)
      #expect(await serve.stop() == 0)
      #expect(feed.fetched(by: "five") == 4)
      #expect(feed.fetched(by: "one") == 1)
      executions = try await harness.executions()
      #expect(Self.emitted(executions, scenario: "Five cycles") == Array(1...25))
      let sizes = executions.filter { $0.scenarioName == "Five cycles" }
        .map { record -> Int in (record.triggerJSON as? [Any])?.count ?? 1 }.sorted()
      #expect(sizes == [5, 10, 10])
      #expect(Self.emitted(executions, scenario: "One cycle") == Array(1...10))
      #expect(executions.allSatisfy { $0.status == .success })
    }
  }
}
