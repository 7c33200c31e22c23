import AsyncHTTPClient
import Foundation
import History
import NIOCore
import SonarflowTesting
import Synchronization
import Testing

/// Webhooks posted with concurrency while serve is killed with SIGKILL: after a restart, every
/// request that was answered 2xx has exactly one execution, and no request has two.
@Suite(.serialized) struct DurabilityTests {
  @Test(.timeLimit(.minutes(2))) func everyAcceptedDeliveryRunsExactlyOnceAcrossAKill() async throws {
    let harness = try ServeHarness()
    try harness.write(
      "load.yaml",
      """
      name: Load
      trigger:
        module: webhook.custom
        params: { webhookName: load }
      flow:
        - id: 2
          module: util.setVariable
          map: { name: n, value: "{{1.n}}" }
      """)
    let port = try LoopbackPort.free()
    let serve = try await harness.start(port: port)
    let total = 2000
    let progress = try await Self.post(total: total, to: serve.url + (try await serve.hook("load")), killing: serve)
    let acceptedBeforeKill = progress.accepted.withLock { $0 }
    #expect(acceptedBeforeKill.count >= total / 3)
    #expect(progress.next.withLock { $0 } < total, "the kill came after every request; nothing was tested")

    // A new port: the shared client backs off connecting to the one that was killed.
    let restarted = try await harness.start()
    let executions = try await harness.waitForExecutions(timeout: .seconds(45)) { records in
      let seen = Set(records.compactMap { ($0.triggerJSON as? [String: Any])?["n"] as? Int })
      return acceptedBeforeKill.isSubset(of: seen) && records.allSatisfy { $0.status != .running }
    }
    // Let anything that was stored but not yet answered finish too.
    try await Task.sleep(for: .milliseconds(500))
    #expect(await restarted.stop() == 0)
    let final = try await harness.executions()
    var counts: [Int: Int] = [:]
    for record in final {
      if let n = (record.triggerJSON as? [String: Any])?["n"] as? Int { counts[n, default: 0] += 1 }
    }
    let missing = acceptedBeforeKill.filter { counts[$0] != 1 }
    #expect(missing.isEmpty, "accepted but not executed exactly once: \(missing.sorted().prefix(20))")
    #expect(counts.values.allSatisfy { $0 == 1 }, "some delivery ran twice")
    #expect(final.allSatisfy { $0.status == .success })
    #expect(executions.count >= acceptedBeforeKill.count)
  }

  /// Posts `total` webhooks `{"n": i}` from 32 tasks and kills `serve` with SIGKILL once a third
  /// were answered.
  static func post(total: Int, to url: String, killing serve: RunningServe) async throws -> Progress {
    let progress = Progress()
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<32 {
        group.addTask {
          while true {
            let n = progress.next.withLock { value in
              defer { value += 1 }
              return value
            }
            // After the kill, stop: the client would back off connecting to a dead port.
            if n >= total || progress.isKilled.withLock({ $0 }) { return }
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"n": \#(n)}"#))
            do {
              let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
              _ = try await response.body.collect(upTo: 1 << 16)
              if (200..<300).contains(response.status.code) { progress.accepted.withLock { _ = $0.insert(n) } }
              progress.answered.withLock { $0 += 1 }
            } catch {
              // The server was killed: this request may or may not have been stored.
            }
          }
        }
      }
      group.addTask {
        while progress.answered.withLock({ $0 }) < total / 3 { try await Task.sleep(for: .milliseconds(5)) }
        progress.isKilled.withLock { $0 = true }
        await serve.process.stop(signal: SIGKILL)
      }
      try await group.waitForAll()
    }
    return progress
  }

  /// Every execution of this scenario stops its bundle with `break`: its record (`warning`) and
  /// the incomplete execution it leaves are committed with the delivery, so a kill between them
  /// cannot leave one without the other.
  @Test(.timeLimit(.minutes(2))) func noIncompleteExecutionIsLostAcrossAKill() async throws {
    let harness = try ServeHarness()
    try harness.write(
      "breaks.yaml",
      """
      name: Breaks
      settings: { storeIncomplete: true }
      trigger:
        module: webhook.custom
        params: { webhookName: breaks }
      flow:
        - id: 2
          module: json.parse
          map: { json: "not JSON {{1.n}}" }
          onError: { then: break }
      """)
    let serve = try await harness.start(port: try LoopbackPort.free())
    let total = 1200
    let progress = try await Self.post(total: total, to: serve.url + (try await serve.hook("breaks")), killing: serve)
    let accepted = progress.accepted.withLock { $0 }
    #expect(progress.next.withLock { $0 } < total, "the kill came after every request; nothing was tested")

    let restarted = try await harness.start()
    _ = try await harness.waitForExecutions(timeout: .seconds(45)) { records in
      let seen = Set(
        records.filter { $0.parentID == nil }.compactMap { ($0.triggerJSON as? [String: Any])?["n"] as? Int })
      return accepted.isSubset(of: seen) && records.allSatisfy { $0.status != .running }
    }
    #expect(await restarted.stop() == 0)
    let final = try await harness.executions()
    let executions = final.filter { $0.parentID == nil }
    let incompleteByParent = Dictionary(grouping: final.filter { $0.status == .incomplete }, by: { $0.parentID ?? "" })
    #expect(executions.allSatisfy { $0.status == .warning })
    let withoutIncomplete = executions.filter { incompleteByParent[$0.id]?.count != 1 }
    #expect(
      withoutIncomplete.isEmpty, "executions without exactly one incomplete: \(withoutIncomplete.prefix(5).map(\.id))")
    let orphans = incompleteByParent.keys.filter { id in !executions.contains { $0.id == id } }
    #expect(orphans.isEmpty, "incomplete executions without their execution: \(orphans.prefix(5))")
    let executed = Set(executions.compactMap { ($0.triggerJSON as? [String: Any])?["n"] as? Int })
    #expect(accepted.isSubset(of: executed))
  }

  /// Shared by the posting tasks.
  final class Progress: Sendable {
    let accepted = Mutex<Set<Int>>([])
    let answered = Mutex(0)
    let next = Mutex(0)
    let isKilled = Mutex(false)
  }
}
