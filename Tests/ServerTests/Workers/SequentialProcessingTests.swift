import Foundation
import History
import SonarflowTesting
import Testing

/// `settings.sequential`: a scenario's executions run one at a time even with several workers.
@Suite(.serialized) struct SequentialProcessingTests {
  private static func scenario(sequential: Bool) -> String {
    """
    name: Sequential \(sequential)
    settings: { sequential: \(sequential) }
    trigger: { module: webhook.custom, params: { webhookName: seq-\(sequential) } }
    flow:
      - { id: 2, module: util.sleep, map: { delay: 1 } }
    """
  }

  @Test func sequentialExecutionsNeverOverlap() async throws {
    let harness = try ServeHarness()
    try harness.write("sequential.yaml", Self.scenario(sequential: true))
    let serve = try await harness.start(arguments: ["--workers", "4"])
    for index in 0..<3 {
      #expect(try await serve.post(try await serve.hook("seq-true"), body: #"{"n": \#(index)}"#).status == 200)
    }
    let executions = try await harness.waitForExecutions(timeout: .seconds(60)) { $0.count == 3 }
    #expect(await serve.stop() == 0)
    let spans = executions.compactMap { execution in execution.finishedAt.map { (execution.startedAt, $0) } }
      .sorted { $0.0 < $1.0 }
    #expect(spans.count == 3)
    for (earlier, later) in zip(spans, spans.dropFirst()) {
      #expect(later.0 >= earlier.1.addingTimeInterval(-0.001), "an execution started before the previous one finished")
    }
  }
}
