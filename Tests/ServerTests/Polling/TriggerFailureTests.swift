import Foundation
import History
import Hummingbird
import SonarflowTesting
import Testing

@testable import Server

/// A polling trigger that fails is recorded as an execution, as Make shows it (§7.4): a warning for
/// the errors Make reruns sooner, an error otherwise; and it is polled again on Make's backoff.
@Suite(.serialized) struct TriggerFailureTests {
  @Test(.timeLimit(.minutes(2))) func aFailedPollIsRecordedWithMakesErrorType() async throws {
    let responder = CallbackResponder<BasicRequestContext> { request, _ in
      Response(status: request.uri.path == "/down" ? .serviceUnavailable : .notFound)
    }
    try await LoopbackHTTPServer.run(responder) { port in
      let harness = try ServeHarness()
      for (name, path) in [("Down", "down"), ("Missing", "missing")] {
        try harness.write(
          "\(path).yaml",
          """
          name: \(name)
          trigger:
            module: http.watch
            params: { url: "http://127.0.0.1:\(port)/\(path)" }
            schedule: { every: 1s }
          flow:
            - { id: 2, module: util.setVariable, map: { name: item, value: "{{1.id}}" } }
          """)
      }
      let serve = try await harness.start()
      let records = try await harness.waitForExecutions { records in
        Set(records.map(\.scenarioName)) == ["Down", "Missing"]
      }
      let down = try #require(records.last { $0.scenarioName == "Down" })
      #expect(down.status == .warning)
      #expect(down.operations == 1)
      #expect(down.error?.type == "ConnectionError")
      #expect(down.error?.moduleID == 1)
      #expect(down.error?.message.contains("answered 503") == true)
      // The check is the execution's one operation, with the request it made and the answer.
      let check = try #require(try await harness.execution(id: down.id)?.operationLog.first)
      #expect(check.moduleID == 1 && check.moduleName == "http.watch" && check.sequence == 1)
      #expect(check.error?.type == "ConnectionError")
      let exchange = try #require(try JSONSerialization.jsonObject(with: check.exchanges ?? Data()) as? [[String: Any]])
      #expect(exchange.count == 1)
      #expect(exchange.first?["method"] as? String == "GET")
      #expect(exchange.first?["url"] as? String == "http://127.0.0.1:\(port)/down")
      #expect(exchange.first?["status"] as? Int == 503)
      let missing = try #require(records.last { $0.scenarioName == "Missing" })
      #expect(missing.status == .error)
      #expect(missing.error?.type == "RuntimeError")
      #expect(missing.error?.location?.hasSuffix("missing.yaml:3:3") == true, "\(missing.error?.location ?? "")")
      #expect(await serve.stop() == 0)
    }
  }

  /// The first failure and eight reruns: the ninth failure in a row deactivates the scenario.
  @Test func theBackoffRunsOutAfterEightReruns() {
    #expect(!PollBackoff.isExhausted(afterFailures: 8))
    #expect(PollBackoff.isExhausted(afterFailures: 9))
  }

  @Test(arguments: [
    (0, 900, 900), (1, 900, 60), (2, 900, 120), (3, 900, 300), (4, 900, 600), (5, 900, 900), (5, 7_200, 3_600),
    (8, 1_000_000, 86_400), (20, 1_000_000, 86_400),
  ])
  func backoffAfterFailuresIsMakesOrTheScheduleIfSooner(failures: Int, scheduled: Int64, expected: Int64) {
    #expect(PollBackoff.delay(afterFailures: failures, scheduled: .seconds(scheduled)) == .seconds(expected))
  }
}
