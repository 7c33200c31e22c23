import Foundation
import History
import SQLiteHistory
import SonarflowTesting
import Testing

/// Webhook executions are visible as `running` while they run, and a crash leaves them for
/// `markInterrupted` to find; the delivery then runs again under the same id.
@Suite(.serialized) struct ExecutionWorkersTests {
  private static let slowHook = """
    name: Slow hook
    trigger: { module: webhook.custom, params: { webhookName: slow } }
    flow:
      - { id: 2, module: util.sleep, map: { delay: 3 } }
    """

  private static func deliveryID(_ answer: RunningServe.Answer) throws -> String {
    let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
    return try #require(object?["id"] as? String)
  }

  @Test func aWebhookExecutionIsRunningWhileItRuns() async throws {
    let harness = try ServeHarness()
    try harness.write("slow.yaml", Self.slowHook)
    let serve = try await harness.start()
    let answer = try await serve.post("/hooks/slow", body: #"{"n": 1}"#)
    #expect(answer.status == 200)
    let id = try Self.deliveryID(answer)
    let running = try await harness.waitForExecutions(includingRunning: true) { $0.contains { $0.id == id } }
    let record = try #require(running.first { $0.id == id })
    #expect(record.status == .running)
    #expect(record.scenarioName == "Slow hook")
    #expect(record.finishedAt == nil)
    // The finished record replaces the running row: one execution, same id.
    let finished = try await harness.waitForExecutions { $0.contains { $0.id == id } }
    #expect(finished.map(\.id) == [id])
    #expect(finished.first?.status == .success)
    #expect(await serve.stop() == 0)
  }

  @Test func aKilledExecutionIsMarkedInterruptedThenRunAgain() async throws {
    let harness = try ServeHarness()
    try harness.write("slow.yaml", Self.slowHook)
    let serve = try await harness.start()
    let id = try Self.deliveryID(try await serve.post("/hooks/slow", body: #"{"n": 2}"#))
    _ = try await harness.waitForExecutions(includingRunning: true) { $0.contains { $0.id == id } }
    await serve.process.stop(signal: SIGKILL)

    // What the next start finds: the row left `running`, marked interrupted by the first process
    // that opens the file alone.
    let store = try SQLiteHistory(path: harness.database)
    #expect(store.interruptedAtOpen == 1)
    #expect(try await store.execution(id: id)?.status == .interrupted)

    // The delivery was not done: serve runs it again, and its record replaces the interrupted one.
    let restarted = try await harness.start()
    let executions = try await harness.waitForExecutions { $0.first { $0.id == id }?.status == .success }
    #expect(executions.map(\.id) == [id])
    #expect(executions.first?.status == .success)
    #expect(await restarted.stop() == 0)
  }
}
