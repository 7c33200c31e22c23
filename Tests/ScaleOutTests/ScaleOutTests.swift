import AsyncHTTPClient
import Emulator
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SonarAPI
import SonarflowTesting
import Synchronization
import Testing

/// Three `sonarflow serve` runners on one PostgreSQL database, one killed with SIGKILL midway:
/// every accepted webhook runs exactly once, a polling watch emits each item once, and the Sonar
/// webhook is registered once.
@Suite(
  .serialized,
  .enabled(
    if: TestDatabase.isEnabled,
    "SONARFLOW_TEST_POSTGRES_URL is not set: scale-out tests skipped (scripts/postgres.sh start prints it)"
  ))
struct ScaleOutTests {
  static let token = "scale-out-test-token-abcdefghijklmnop"
  static let total = 5000

  @Test(.timeLimit(.minutes(5))) func threeRunnersShareTheQueueAndSurviveAKill() async throws {
    try await TestDatabase.withFreshSchema { database in
      var logger = Logger(label: "emulator")
      logger.logLevel = .critical
      let emulator = try await SonarEmulator(
        configuration: .init(token: Self.token, webhookRetryScale: 0.001, logger: logger)
      ).start()
      let feed = Feed()
      feed.set(Array(1...5))
      let feedPort = try LoopbackPort.free()
      let router = Router()
      router.get("/items") { _, _ -> Response in
        Response(
          status: .ok, headers: [.contentType: "application/json"],
          body: ResponseBody(byteBuffer: ByteBuffer(string: feed.json)))
      }
      let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: feedPort)))
      do {
        try await withThrowingTaskGroup(of: Void.self) { group in
          group.addTask { try await app.runService() }
          defer { group.cancelAll() }
          try await run(
            database: database, emulator: emulator, feedURL: "http://127.0.0.1:\(feedPort)/items", feed: feed)
        }
      } catch {
        await emulator.stop()
        throw error
      }
      await emulator.stop()
    }
  }

  private func run(database: TestDatabase, emulator: RunningEmulator, feedURL: String, feed: Feed) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scale-out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.writeScenarios(to: folder, feedURL: feedURL)

    let ports = try (0..<3).map { _ in try LoopbackPort.free() }
    let publicURL = "http://127.0.0.1:\(ports[0])"
    let arguments = [
      "--db", database.url, "--heartbeat", "1", "--workers", "4", "--sonar-url", emulator.baseURL,
      "--public-url", publicURL,
    ]
    var runners: [ServeRunner] = []
    for port in ports {
      runners.append(
        try await ServeRunner.start(
          scenarios: folder, port: port, arguments: arguments, environment: ["SONAR_TOKEN": Self.token]))
    }
    let leader = try await oneLeader(runners, among: Set(runners.indices))
    let killed = try #require(leader, "no single runner reports leading")

    // 5,000 webhooks spread over the runners by 24 concurrent posters; the leader is killed with
    // SIGKILL once a third are answered.
    let progress = Progress()
    let posters = runners
    // Every runner answers at the one secret URL the shared database holds.
    let loadPath = try await database.hookPath("load")
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<24 {
        group.addTask {
          while true {
            let n = progress.next.withLock { value in
              defer { value += 1 }
              return value
            }
            if n >= Self.total { return }
            var target = n % posters.count
            if progress.isKilled.withLock({ $0 }) && target == killed { target = (target + 1) % posters.count }
            do {
              let status = try await posters[target].post(loadPath, json: #"{"n": \#(n)}"#)
              if (200..<300).contains(status) { progress.accepted.withLock { _ = $0.insert(n) } }
              progress.answered.withLock { $0 += 1 }
            } catch {
              // Posted to the runner being killed: it may or may not have stored this one.
            }
          }
        }
      }
      group.addTask {
        while progress.answered.withLock({ $0 }) < Self.total / 3 { try await Task.sleep(for: .milliseconds(5)) }
        progress.isKilled.withLock { $0 = true }
        await posters[killed].process.stop(signal: SIGKILL)
        // New items appear after the leader died: the next leader must emit them, and only them.
        feed.set(Array(1...10))
      }
      try await group.waitForAll()
    }
    let accepted = progress.accepted.withLock { $0 }
    #expect(progress.answered.withLock { $0 } > Self.total / 3)
    #expect(accepted.count >= Self.total * 2 / 3, "too few accepted: \(accepted.count)")

    // The survivors run everything: the dead runner's deliveries once their leases expire (a
    // generous bound: a loaded CI machine has taken more than twice the usual minute).
    let deadline = ContinuousClock.now.advanced(by: .seconds(150))
    var unsettled = ""
    while ContinuousClock.now < deadline {
      let ran = Set(try await Self.loadNumbers(database))
      let pending = try await database.integer(
        "SELECT count(*) FROM \(database.quotedSchema).webhook_queue WHERE done = 0")
      let emitted = try await Self.watchIDs(database)
      if accepted.isSubset(of: ran) && pending == 0 && Set(emitted) == Set(1...10) {
        unsettled = ""
        break
      }
      unsettled = "\(accepted.subtracting(ran).count) accepted not run, \(pending) pending, emitted \(emitted.sorted())"
      try await Task.sleep(for: .milliseconds(250))
    }
    #expect(unsettled.isEmpty, "not settled within the bound: \(unsettled)")
    // Two more polling cycles that must emit nothing new.
    try await Task.sleep(for: .seconds(2))
    // One survivor leads, and says so in its metrics.
    let survivors = Set(runners.indices).subtracting([killed])
    let survivor = try await oneLeader(runners, among: survivors)
    #expect(survivor != nil, "no single survivor reports leading")
    if let survivor {
      // A later term than the killed leader's (the first, unless leadership moved under load).
      let term = try await runners[survivor].metrics().split(separator: "\n")
        .first { $0.hasPrefix("sonarflow_leader_term ") }
        .flatMap { Double($0.split(separator: " ").last ?? "") }
      #expect((term ?? 0) >= 2, "the survivor that leads reports term \(term.map { "\($0)" } ?? "none")")
    }
    for (index, runner) in runners.enumerated() where index != killed {
      #expect(await runner.process.stop() == 0)
    }
    #expect(survivors.contains { runners[$0].hasLed }, "no runner took over the leadership")

    // Every accepted delivery exactly once, none twice.
    var counts: [Int: Int] = [:]
    for n in try await Self.loadNumbers(database) { counts[n, default: 0] += 1 }
    let notOnce = accepted.filter { counts[$0] != 1 }.sorted()
    #expect(notOnce.isEmpty, "accepted but not executed exactly once: \(notOnce.prefix(20))")
    if !notOnce.isEmpty {
      // What a failure needs to be understood: who holds what is left, and what each runner said.
      let holders = try await database.texts(
        """
        SELECT coalesce(claimed_by, 'nobody') || ': ' || count(*) || ' pending, lease '
          || coalesce(max(lease_until) - now(), interval '0') || ' from now'
        FROM \(database.quotedSchema).webhook_queue WHERE done = 0 GROUP BY claimed_by
        """)
      Issue.record("pending deliveries by holder: \(holders)")
      for (index, runner) in runners.enumerated() {
        let lines = runner.process.printed.split(separator: "\n").suffix(30).joined(separator: "\n")
        Issue.record("runner \(index)\(index == killed ? " (killed)" : "") printed last:\n\(lines)")
      }
    }
    let twice = counts.filter { $0.value > 1 }.keys.sorted()
    #expect(twice.isEmpty, "executed more than once: \(twice.prefix(20))")
    let unfinished = try await database.integer(
      "SELECT count(*) FROM \(database.quotedSchema).executions WHERE scenario_name = 'Load' AND status <> 'success'")
    #expect(unfinished == 0)

    // Each polled item once, across the leader change.
    let emitted = try await Self.watchIDs(database).sorted()
    #expect(emitted == Array(1...10))
    if emitted != Array(1...10) {
      // What a failure needs to be understood: each runner's word on leading and polling.
      for (index, runner) in runners.enumerated() {
        let lines = runner.process.printed.split(separator: "\n")
          .filter { $0.contains("Watch") || $0.contains("lead") || $0.contains("poll") }
          .suffix(40).joined(separator: "\n")
        Issue.record("runner \(index)\(index == killed ? " (killed)" : "") on polling:\n\(lines)")
      }
    }

    // One Sonar registration, though three runners started and a second one led.
    let client = SonarClient(
      token: Self.token, configuration: .init(environment: try SonarEnvironment(baseURL: emulator.baseURL)))
    let registered = try await client.webhooks()
    #expect(registered.count == 1)
    #expect(registered.first?.url == publicURL + (try await database.hookPath("new-customer")))
  }

  /// The runner among `candidates` whose `/metrics` says it leads, once exactly one does (asked
  /// for up to 30 s: on a loaded machine leadership may be passing from one to another); nil if
  /// that never happens.
  private func oneLeader(_ runners: [ServeRunner], among candidates: Set<Int>) async throws -> Int? {
    let deadline = ContinuousClock.now.advanced(by: .seconds(30))
    while ContinuousClock.now < deadline {
      var leading: [Int] = []
      for index in candidates.sorted() where try await runners[index].metrics().contains("\nsonarflow_leader 1") {
        leading.append(index)
      }
      if leading.count == 1 { return leading[0] }
      try await Task.sleep(for: .milliseconds(100))
    }
    return nil
  }

  static func writeScenarios(to folder: URL, feedURL: String) throws {
    let scenarios = [
      "load.yaml": """
      name: Load
      trigger:
        module: webhook.custom
        params: { webhookName: load }
      flow:
        - id: 2
          module: util.setVariable
          map: { name: n, value: "{{1.n}}" }
      """,
      "watch.yaml": """
      name: Watch
      trigger:
        module: http.watch
        params: { url: "\(feedURL)", itemsPath: data, idPath: id, startFrom: all, limit: 10 }
        schedule: { every: 1s }
      flow:
        - id: 2
          module: util.setVariable
          map: { name: item, value: "{{1.name}}" }
      """,
      "customer.yaml": """
      name: New customer
      trigger:
        module: sonar.watchNewCustomer
        params: { webhookName: new-customer }
      flow:
        - id: 2
          module: util.setVariable
          map: { name: seen, value: "{{1.customer.phone_number}}" }
      """,
    ]
    for (name, yaml) in scenarios {
      try Data(yaml.utf8).write(to: folder.appendingPathComponent(name))
    }
  }

  /// The `n` of every execution of the webhook scenario (a number twice means executed twice).
  static func loadNumbers(_ database: TestDatabase) async throws -> [Int] {
    try await database.triggerBundles(scenario: "Load").compactMap { text in
      let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
      return object?["n"] as? Int
    }
  }

  /// The item ids every execution of the polling scenario emitted.
  static func watchIDs(_ database: TestDatabase) async throws -> [Int] {
    try await database.triggerBundles(scenario: "Watch").flatMap { text -> [Int] in
      switch try? JSONSerialization.jsonObject(with: Data(text.utf8)) {
      case let object as [String: Any]: return [object["id"] as? Int].compactMap { $0 }
      case let array as [[String: Any]]: return array.compactMap { $0["id"] as? Int }
      default: return []
      }
    }
  }

  /// The polled endpoint's items, changed by the test.
  final class Feed: Sendable {
    let items = Mutex<[Int]>([])
    func set(_ values: [Int]) { items.withLock { $0 = values } }
    var json: String {
      let list = items.withLock { $0 }.map { #"{"id": \#($0), "name": "item \#($0)"}"# }
      return #"{"data": [\#(list.joined(separator: ", "))]}"#
    }
  }

  /// Shared by the posting tasks.
  final class Progress: Sendable {
    let accepted = Mutex<Set<Int>>([])
    let answered = Mutex(0)
    let next = Mutex(0)
    let isKilled = Mutex(false)
  }
}
