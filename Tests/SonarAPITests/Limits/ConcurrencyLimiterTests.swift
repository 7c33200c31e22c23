import SonarAPI
import Synchronization
import Testing

@Suite struct ConcurrencyLimiterTests {
  @Test func neverMoreThanTheLimitInFlight() async throws {
    let limiter = ConcurrencyLimiter(limit: 3)
    let peak = Peak()
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<20 {
        group.addTask {
          try await limiter.acquire()
          peak.counts.withLock {
            $0.current += 1
            $0.peak = max($0.peak, $0.current)
          }
          try await Task.sleep(for: .milliseconds(5))
          peak.counts.withLock { $0.current -= 1 }
          limiter.release()
        }
      }
      try await group.waitForAll()
    }
    #expect(peak.counts.withLock { $0.peak } == 3)
    #expect(limiter.currentlyInFlight == 0)
  }

  @Test func cancelledWaiterLeaves() async throws {
    let limiter = ConcurrencyLimiter(limit: 1)
    try await limiter.acquire()
    let waiter = Task { try await limiter.acquire() }
    try await Task.sleep(for: .milliseconds(20))
    waiter.cancel()
    await #expect(throws: CancellationError.self) { try await waiter.value }
    limiter.release()
    #expect(limiter.currentlyInFlight == 0)
  }
}

private final class Peak: Sendable {
  let counts = Mutex<(current: Int, peak: Int)>((0, 0))
}
