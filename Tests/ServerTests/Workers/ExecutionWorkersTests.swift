import Foundation
import History
import Hummingbird
import SQLiteHistory
import SonarflowTesting
import Synchronization
import Testing

/// Webhook executions are visible as `running` while they run, and a crash leaves them for
/// `markInterrupted` to find; the delivery then runs again under the same id.
@Suite(.serialized) struct ExecutionWorkersTests {
  /// A scenario whose execution waits on `url` (a ``HeldEndpoint``): it runs until the test opens
  /// the endpoint, however slow the machine.
  private static func heldHook(url: String) -> String {
    """
    name: Held hook
    trigger: { module: webhook.custom, params: { webhookName: held } }
    flow:
      - { id: 2, module: http.request, params: { timeout: 300 }, map: { url: "\(url)" } }
    """
  }

  /// An HTTP endpoint that answers only once the test opens it.
  final class HeldEndpoint: Sendable {
    private let isOpen = Mutex(false)
    let requests = Mutex(0)

    func open() { isOpen.withLock { $0 = true } }

    /// Runs `body` with the endpoint's URL.
    func serve<T: Sendable>(_ body: (_ url: String) async throws -> T) async throws -> T {
      let responder = CallbackResponder<BasicRequestContext> { _, _ in
        self.requests.withLock { $0 += 1 }
        while !self.isOpen.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
        return Response(status: .ok)
      }
      return try await LoopbackHTTPServer.run(responder) { port in try await body("http://127.0.0.1:\(port)/held") }
    }
  }

  private static func deliveryID(_ answer: RunningServe.Answer) throws -> String {
    let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
    return try #require(object?["id"] as? String)
  }

  @Test func aWebhookExecutionIsRunningWhileItRuns() async throws {
    let endpoint = HeldEndpoint()
    try await endpoint.serve { url in
      let harness = try ServeHarness()
      try harness.write("held.yaml", Self.heldHook(url: url))
      let serve = try await harness.start()
      let answer = try await serve.post(try await serve.hook("held"), body: #"{"n": 1}"#)
      #expect(answer.status == 200)
      let id = try Self.deliveryID(answer)
      let running = try await harness.waitForExecutions(includingRunning: true) { $0.contains { $0.id == id } }
      let record = try #require(running.first { $0.id == id })
      #expect(record.status == .running)
      #expect(record.scenarioName == "Held hook")
      #expect(record.finishedAt == nil)
      // The finished record replaces the running row: one execution, same id.
      endpoint.open()
      let finished = try await harness.waitForExecutions { $0.contains { $0.id == id } }
      #expect(finished.map(\.id) == [id])
      #expect(finished.first?.status == .success)
      #expect(endpoint.requests.withLock { $0 } == 1)
      #expect(await serve.stop() == 0)
    }
  }

  @Test func aKilledExecutionIsMarkedInterruptedThenRunAgain() async throws {
    let endpoint = HeldEndpoint()
    try await endpoint.serve { url in
      let harness = try ServeHarness()
      try harness.write("held.yaml", Self.heldHook(url: url))
      let serve = try await harness.start()
      let id = try Self.deliveryID(try await serve.post(try await serve.hook("held"), body: #"{"n": 2}"#))
      _ = try await harness.waitForExecutions(includingRunning: true) { $0.contains { $0.id == id } }
      // The running row is written while the execution starts: wait for its request to arrive too.
      let deadline = ContinuousClock.now.advanced(by: .seconds(30))
      while endpoint.requests.withLock({ $0 }) == 0, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(20))
      }
      await serve.process.stop(signal: SIGKILL)

      // What the next start finds: the row left `running`, marked interrupted by the first process
      // that opens the file alone.
      let store = try SQLiteHistory(path: harness.database)
      #expect(store.interruptedAtOpen == 1)
      #expect(try await store.execution(id: id)?.status == .interrupted)

      // The delivery was not done: serve runs it again, and its record replaces the interrupted one.
      endpoint.open()
      let restarted = try await harness.start()
      let executions = try await harness.waitForExecutions { $0.first { $0.id == id }?.status == .success }
      #expect(executions.map(\.id) == [id])
      #expect(executions.first?.status == .success)
      #expect(endpoint.requests.withLock { $0 } == 2)
      #expect(await restarted.stop() == 0)
    }
  }
}
