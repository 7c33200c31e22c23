import SonarAPI
import Testing

@Suite struct RetryStateMachineTests {
  let policy = RetryPolicy(
    maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .milliseconds(300))

  @Test(arguments: [429, 502, 503])
  func retriesTransientAnswersForEveryRequest(_ status: Int) {
    var machine = RetryStateMachine(policy: policy, isIdempotent: false, seed: 1)
    guard case .retry = machine.next(after: .response(status: status, retryAfterSeconds: nil))
    else {
      Issue.record("expected a retry for \(status)")
      return
    }
  }

  @Test func backoffGrowsWithJitterAndIsCapped() {
    var machine = RetryStateMachine(policy: policy, isIdempotent: true, seed: 7)
    var delays: [Duration] = []
    for _ in 0..<3 {
      if case .retry(let delay) = machine.next(
        after: .response(status: 503, retryAfterSeconds: nil))
      {
        delays.append(delay)
      }
    }
    #expect(delays.count == 3)
    // Equal jitter: between half and all of 100, 200, 300 (capped) ms.
    #expect((.milliseconds(50)...(.milliseconds(100))).contains(delays[0]))
    #expect((.milliseconds(100)...(.milliseconds(200))).contains(delays[1]))
    #expect((.milliseconds(150)...(.milliseconds(300))).contains(delays[2]))
    #expect(machine.next(after: .response(status: 503, retryAfterSeconds: nil)) == .fail)
  }

  @Test func sameSeedSameDelays() {
    var first = RetryStateMachine(policy: policy, isIdempotent: true, seed: 42)
    var second = RetryStateMachine(policy: policy, isIdempotent: true, seed: 42)
    #expect(first.next(after: .notConnected) == second.next(after: .notConnected))
  }

  @Test func retryAfterIsHonouredAndCapped() {
    var machine = RetryStateMachine(policy: policy, isIdempotent: false, seed: 1)
    #expect(
      machine.next(after: .response(status: 429, retryAfterSeconds: 5))
        == .retry(after: .seconds(5)))
    var capped = RetryStateMachine(policy: policy, isIdempotent: false, seed: 1)
    #expect(capped.next(after: .response(status: 429, retryAfterSeconds: 3600)) == .fail)
  }

  @Test func unknownOutcomesAreRetriedOnlyWhenIdempotent() {
    var send = RetryStateMachine(policy: policy, isIdempotent: false, seed: 1)
    #expect(send.next(after: .failedAfterWrite) == .failOutcomeUnknown)
    var sendGateway = RetryStateMachine(policy: policy, isIdempotent: false, seed: 1)
    #expect(
      sendGateway.next(after: .response(status: 504, retryAfterSeconds: nil)) == .failOutcomeUnknown
    )
    var read = RetryStateMachine(policy: policy, isIdempotent: true, seed: 1)
    guard case .retry = read.next(after: .failedAfterWrite) else {
      Issue.record("an idempotent call should be retried")
      return
    }
  }

  @Test func connectionRefusedIsRetriedEvenForSends() {
    var machine = RetryStateMachine(policy: policy, isIdempotent: false, seed: 1)
    guard case .retry = machine.next(after: .notConnected) else {
      Issue.record("nothing was written, so a retry is safe")
      return
    }
  }

  @Test(arguments: [400, 401, 403, 404, 500])
  func otherStatusesAreNotRetried(_ status: Int) {
    var machine = RetryStateMachine(policy: policy, isIdempotent: true, seed: 1)
    #expect(machine.next(after: .response(status: status, retryAfterSeconds: nil)) == .fail)
  }

  @Test func noRetriesPolicyFailsAtOnce() {
    var machine = RetryStateMachine(policy: .none, isIdempotent: true, seed: 1)
    #expect(machine.next(after: .notConnected) == .fail)
  }
}
